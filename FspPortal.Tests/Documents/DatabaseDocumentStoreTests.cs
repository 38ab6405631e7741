using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Documents;

/// <summary>
/// <c>Documents:Store=Database</c>: a 20 MB document goes into the database in 1 MB pieces and comes back through the
/// download endpoint byte for byte, leaves no file in the data folder, and goes with its delete. Run on both providers.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatabaseDocumentStoreTests : IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    public const int TwentyMegabytes = 20 * 1024 * 1024;
    private readonly PortalFactory portal = new(settings: new Dictionary<string, string?> { ["Documents:Store"] = "Database" });
    private string sam = "";
    private Guid planId;

    public async Task InitializeAsync()
    {
        sam = (await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes")).Id;
        planId = await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-2)));
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task A_20_MB_document_is_kept_in_pieces_in_the_database_downloaded_byte_for_byte_and_deleted_with_its_row()
    {
        var documents = portal.Services.GetRequiredService<DocumentService>();
        var upload = await documents.UploadAsync(planId, Principal(sam), "scan.pdf", TwentyMegabytes, new GeneratedPdf(TwentyMegabytes));
        Assert.True(upload.Succeeded, upload.Problem);
        await using (var db = await portal.CreateDbContextAsync())
        {
            var document = await db.PlanDocuments.SingleAsync();
            Assert.Equal(("Database", (long)TwentyMegabytes), (document.Store, document.SizeBytes));
            Assert.Equal(20, await db.DocumentChunks.CountAsync(c => c.StoredName == document.StoredName));
        }
        Assert.Empty(Directory.GetFiles(documents.Folder)); // nothing left in the data folder, not even the upload's .part

        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, "sam@school.example.org", Password);
        var url = $"/plans/{planId}/documents/{upload.DocumentId}";
        using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("scan.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal(GeneratedPdf.Sha256(TwentyMegabytes), Convert.ToHexString(await SHA256.HashDataAsync(await response.Content.ReadAsStreamAsync())));
        }

        // A stranger gets "not found", like every other way into a plan.
        await portal.CreateUserAsync("tia@school.example.org", Password, "Tia Stranger");
        var stranger = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, stranger, "tia@school.example.org", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(url)).StatusCode);

        Assert.True((await documents.DeleteAsync(planId, upload.DocumentId!.Value, Principal(sam))).Succeeded);
        await using (var db = await portal.CreateDbContextAsync())
            Assert.Equal(0, await db.DocumentChunks.CountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_refused_upload_leaves_no_pieces_behind()
    {
        var documents = portal.Services.GetRequiredService<DocumentService>();
        // Sam is not on this plan: refused before anything is read.
        await portal.CreateUserAsync("tia@school.example.org", Password, "Tia Stranger");
        var tia = (await portal.CreateDbContextAsync()).Users.Single(u => u.Email == "tia@school.example.org").Id;
        Assert.False((await documents.UploadAsync(planId, Principal(tia), "scan.pdf", 1000, new GeneratedPdf(1000))).Succeeded);
        // Content that is not what its name says: refused after it arrived, before the store took it.
        Assert.False((await documents.UploadAsync(planId, Principal(sam), "scan.docx", 1000, new GeneratedPdf(1000))).Succeeded);
        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(0, await db.DocumentChunks.CountAsync());
        Assert.Empty(Directory.GetFiles(documents.Folder));
    }

    internal static ClaimsPrincipal Principal(string userId) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
}

/// <summary>
/// A large PDF made as it is read (a header, then a repeating pattern): the test itself holds no copy of the file.
/// </summary>
public sealed class GeneratedPdf(long length) : Stream
{
    private static readonly byte[] Header = "%PDF-1.4\n"u8.ToArray();
    private long position;

    public static byte Byte(long at) => at < Header.Length ? Header[at] : (byte)(at * 31 % 251);

    public static string Sha256(long length)
    {
        using var stream = new GeneratedPdf(length);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - position);
        for (var i = 0; i < n; i++) buffer[i] = Byte(position + i);
        position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Measured alone (no other test allocating in the process meanwhile).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurements";
}

/// <summary>
/// How much the process allocates to keep a 20 MB document in the database and read it back: a few pieces' worth,
/// not the file (a store that held the whole file would allocate at least 20 MB each way).
/// </summary>
[Trait("Category", "Integration")]
[Collection(MemoryMeasurementCollection.Name)]
public sealed class DatabaseDocumentMemoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Keeping_and_reading_back_a_20_MB_document_allocates_a_few_megabytes_not_the_file()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Documents:Store"] = "Database", ["Jobs:Enabled"] = "false" });
        var sam = (await portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes")).Id;
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-2)));
        var documents = portal.Services.GetRequiredService<DocumentService>();
        var user = DatabaseDocumentStoreTests.Principal(sam);
        await documents.UploadAsync(planId, user, "warm-up.pdf", 1000, new GeneratedPdf(1000)); // first-use costs (EF, JIT) out of the figure

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var upload = await documents.UploadAsync(planId, user, "scan.pdf", DatabaseDocumentStoreTests.TwentyMegabytes, new GeneratedPdf(DatabaseDocumentStoreTests.TwentyMegabytes));
        var afterUpload = GC.GetTotalAllocatedBytes(precise: true);
        var download = (await documents.OpenAsync(planId, upload.DocumentId!.Value, user))!;
        var buffer = new byte[81920];
        long total = 0;
        await using (download.Content)
        {
            int read;
            while ((read = await download.Content.ReadAsync(buffer)) > 0) total += read;
        }
        var afterDownload = GC.GetTotalAllocatedBytes(precise: true);

        Assert.Equal(DatabaseDocumentStoreTests.TwentyMegabytes, total);
        output.WriteLine($"Allocated to keep 20 MB: {(afterUpload - before) / 1024 / 1024.0:0.00} MB; to read it back: {(afterDownload - afterUpload) / 1024 / 1024.0:0.00} MB");
        const long limit = 6 * 1024 * 1024;
        Assert.True(afterUpload - before < limit, $"Keeping 20 MB allocated {(afterUpload - before) / 1024 / 1024.0:0.0} MB");
        Assert.True(afterDownload - afterUpload < limit, $"Reading 20 MB back allocated {(afterDownload - afterUpload) / 1024 / 1024.0:0.0} MB");
    }
}
