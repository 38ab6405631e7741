using FspPortal.Domain.Plans;
using FspPortal.Tests.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Jobs;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Jobs;

/// <summary>The nightly numbering on a real SQLite file: order, exactly once, no duplicate or gap when runs overlap.</summary>
[Trait("Category", "Integration")]
public sealed class NumberingTests : IAsyncLifetime
{
    private static readonly DateTime Now = DateTime.UtcNow;
    private readonly PortalFactory portal = new();
    private string sam = "";

    private ReferenceNumbering Numbering => portal.Services.GetRequiredService<ReferenceNumbering>();

    public async Task InitializeAsync() => sam = (await portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes")).Id;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private async Task<Dictionary<Guid, string?>> ReferencesAsync()
    {
        await using var db = await portal.CreateDbContextAsync();
        return await db.Plans.ToDictionaryAsync(p => p.Id, p => p.Reference);
    }

    [Fact]
    public async Task Plans_are_numbered_in_order_of_completion_drafts_never_and_a_second_run_does_nothing()
    {
        var third = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-1)));
        var first = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-3)));
        var closed = PlanSeeder.Completed(sam, Now.AddDays(-2));
        closed.Close(sam, "needs-met", null, ["needs-met"], Now.AddDays(-1), FspPortal.Tests.Domain.Plans.Outcomes.Claimed(closed));
        var second = await portal.AddAsync(closed); // finished, then closed before the night came: it still gets its number
        var draft = await portal.AddAsync(PlanBuilder.Draft(sam));
        var heard = new List<PlanChange>();
        using var _ = portal.Services.GetRequiredService<IPlanNotifier>().Subscribe(sam, c => { lock (heard) heard.Add(c); return Task.CompletedTask; });

        var result = await Numbering.NumberAsync();

        Assert.Equal(new NumberingResult(3, 1, 3), result);
        Assert.Equal("3 plans numbered (FSP-000001 to FSP-000003).", result.Summary);
        var references = await ReferencesAsync();
        Assert.Equal(("FSP-000001", "FSP-000002", "FSP-000003"), (references[first], references[second], references[third]));
        Assert.Null(references[draft]);
        await Eventually.TrueAsync(() => { lock (heard) return heard.Count(c => c.Kind == PlanChangeKind.Reference) >= 3; }, "Sam's pages to hear of the three numbers");
        lock (heard) Assert.Equal([first, second, third], heard.Where(c => c.Kind == PlanChangeKind.Reference).Select(c => c.PlanId).OrderBy(id => references[id]).ToList());

        Assert.Equal(new NumberingResult(0, null, null), await Numbering.NumberAsync());
        Assert.Equal(references, await ReferencesAsync());
    }

    [Fact]
    public async Task Numbering_continues_after_the_highest_reference_given()
    {
        await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-10)), reference: "FSP-000041");
        var next = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-20))); // finished earlier, numbered later: gets the next number
        await Numbering.NumberAsync();
        Assert.Equal("FSP-000042", (await ReferencesAsync())[next]);
    }

    [Fact]
    public async Task Two_runs_at_once_give_no_duplicate_and_no_gap()
    {
        await using (var db = await portal.CreateDbContextAsync())
        {
            for (var i = 0; i < 300; i++)
            {
                var record = new FspPortal.Web.Data.PlanRecord { LastStep = 9 };
                record.Store(PlanSeeder.Completed(sam, Now.AddMinutes(-i)), Now);
                db.Plans.Add(record);
            }
            await db.SaveChangesAsync();
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Numbering.NumberAsync())));

        Assert.Equal(300, runs.Sum(r => r.Numbered));
        await using var check = await portal.CreateDbContextAsync();
        var numbers = await check.Plans.Select(p => p.ReferenceNumber!.Value).OrderBy(n => n).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 300), numbers);
        var byCompletion = await check.Plans.OrderBy(p => p.CompletedUtc).Select(p => p.ReferenceNumber).ToListAsync();
        Assert.Equal(byCompletion.Order(), byCompletion); // each run kept completion order, and runs came one after another
    }
}
