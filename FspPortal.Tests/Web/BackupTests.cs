using System.Security.Claims;
using System.Text;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

/// <summary>
/// Backup while the portal runs and writes, verify, and restore into a new folder that a portal then starts on: the
/// commands an operator runs (<c>dotnet FspPortal.Web.dll backup|verify|restore &lt;folder&gt;</c>), as real processes.
/// </summary>
[Trait("Provider", "SQLite")] // about the SQLite file or the built app on its default database: not run again on PostgreSQL
[Trait("Category", "Integration")]
public sealed class BackupTests
{
    private const string Password = "tangerine bicycle under moonlight";

    [Fact]
    public async Task A_backup_taken_while_plans_are_saved_verifies_and_restores_into_a_portal_that_has_them_all()
    {
        var backup = Path.Combine(Path.GetTempPath(), "fsp-tests", "backup-" + Guid.NewGuid().ToString("N"));
        var restoredData = Path.Combine(Path.GetTempPath(), "fsp-tests", "restored-" + Guid.NewGuid().ToString("N"));
        var originals = new Dictionary<string, byte[]>();
        var onFolder = new PortalFactory();
        var sam = (await onFolder.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes")).Id;
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, sam)], "test"));
        await UploadNotesAsync(onFolder, 0, 1, 2); // in the data folder
        await onFolder.StopKeepingDataAsync();
        // The operator moves documents into the database: new uploads go there, the older ones stay readable where they are.
        await using var portal = new PortalFactory(dataDirectory: onFolder.DataDirectory, settings: new Dictionary<string, string?> { ["Documents:Store"] = "Database" });
        await UploadNotesAsync(portal, 3, 4);

        // A writer keeps saving plans while the backup runs.
        using var stop = new CancellationTokenSource();
        var saved = 3;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-1))); Interlocked.Increment(ref saved); }
        });
        var savedBeforeBackup = Volatile.Read(ref saved);
        try
        {
            var made = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), portal.DataDirectory, "backup", backup);
            Assert.True(made.ExitCode == 0, made.Output);
            Assert.Contains("Backed up", made.Output);
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
        Assert.True(Volatile.Read(ref saved) > savedBeforeBackup, "the writer saved plans while the backup ran");

        // Admin → System says when the last backup was made, and where.
        await portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        var admin = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, admin, "ada@council.example.org", Password);
        var system = await (await admin.GetAsync("/admin/system")).Content.ReadAsStringAsync();
        Assert.Contains("Last backup", system);
        Assert.Contains($"documents) in {backup}", System.Net.WebUtility.HtmlDecode(system));

        var verified = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), portal.DataDirectory, "verify", backup);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("is whole", verified.Output);

        var restored = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), restoredData, "restore", backup);
        Assert.True(restored.ExitCode == 0, restored.Output);
        var again = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), restoredData, "restore", backup);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already has a portal database", again.Output);

        await using var onRestored = new PortalFactory(dataDirectory: restoredData);
        await using (var db = await onRestored.CreateDbContextAsync())
        {
            Assert.True(await db.Plans.CountAsync() >= savedBeforeBackup);
            Assert.True(await db.Users.AnyAsync(u => u.Id == sam));
            foreach (var document in await db.PlanDocuments.ToListAsync())
            {
                var download = await onRestored.Services.GetRequiredService<DocumentService>().OpenAsync(document.PlanId, document.Id, user);
                Assert.NotNull(download);
                await using var content = download.Content;
                using var bytes = new MemoryStream();
                await content.CopyToAsync(bytes);
                Assert.Equal(originals[document.FileName], bytes.ToArray());
            }
            Assert.Equal(5, await db.PlanDocuments.CountAsync());
            Assert.Equal(["Database", "Database", "Folder", "Folder", "Folder"], (await db.PlanDocuments.Select(d => d.Store).ToListAsync()).Order());
        }

        // The folder documents were copied beside the database; the database ones are inside it.
        Assert.Equal(3, Directory.GetFiles(Path.Combine(backup, "documents")).Length);

        // A damaged backup does not verify, and is not restored.
        await File.AppendAllTextAsync(Directory.GetFiles(Path.Combine(backup, "documents"))[0], "tampered");
        var damaged = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), portal.DataDirectory, "verify", backup);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains("does not match its checksum", damaged.Output);
        Directory.Delete(backup, recursive: true);

        async Task UploadNotesAsync(PortalFactory on, params int[] numbers)
        {
            foreach (var i in numbers)
            {
                var planId = await on.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-i - 1)));
                var bytes = Encoding.UTF8.GetBytes($"Notes of meeting {i}\n");
                Assert.True((await on.Services.GetRequiredService<DocumentService>().UploadAsync(planId, user, $"notes-{i}.txt", bytes.Length, new MemoryStream(bytes))).Succeeded);
                originals[$"notes-{i}.txt"] = bytes;
            }
        }
    }
}
