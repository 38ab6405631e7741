using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FspPortal.Tests.Data;

/// <summary>Upgrading a portal keeps what people were typing: the stepper's and the reviews' drafts move into the one drafts table.</summary>
[Trait("Category", "Integration")]
public sealed class DraftsMigrationTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fsp-tests", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Drafts_typed_before_the_upgrade_are_still_there_after_it()
    {
        var options = new DbContextOptionsBuilder<FspDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "upgrade.db")}")
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
        Guid planId;
        await using (var before = new FspDbContext(options))
        {
            await before.GetService<IMigrator>().MigrateAsync("20261130092829_AuditPipeline");
            planId = Guid.NewGuid(); // the Plans table as it was then (the model has moved on since)
            await before.Database.ExecuteSqlAsync($"""INSERT INTO "Plans" ("Id", "Status", "CreatedByUserId", "CreatedUtc", "UpdatedUtc", "Version", "LastStep", "StateJson") VALUES ({planId}, 0, 'sam', '2026-11-30 08:00:00', '2026-11-30 08:00:00', 1, 3, '{"{}"}')""");
            var (stepJson, reviewJson) = ("{\"Members\":[]}", "{\"Summary\":\"half typed\"}");
            await before.Database.ExecuteSqlAsync($"""INSERT INTO "PlanUnsavedSteps" ("PlanId", "UserId", "Step", "Json", "SavedUtc") VALUES ({planId}, 'sam', 3, {stepJson}, '2026-11-30 09:00:00')""");
            await before.Database.ExecuteSqlAsync($"""INSERT INTO "ReviewDrafts" ("PlanId", "UserId", "Step", "Json", "SavedUtc") VALUES ({planId}, 'sam', 4, {reviewJson}, '2026-11-30 09:01:00')""");
        }

        await using var after = new FspDbContext(options);
        await after.GetService<IMigrator>().MigrateAsync();

        var drafts = await after.FormDrafts.AsNoTracking().OrderBy(d => d.Form).ToListAsync();
        Assert.Equal([(DraftForm.PlanStep, 3, "{\"Members\":[]}"), (DraftForm.Review, 4, "{\"Summary\":\"half typed\"}")],
            drafts.Select(d => (d.Form, d.Step, d.Json)).ToList());
        Assert.All(drafts, d => Assert.Equal((planId, "sam"), (d.PlanId, d.UserId)));
    }
}
