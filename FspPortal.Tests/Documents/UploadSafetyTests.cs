using System.IO.Compression;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Documents;

/// <summary>
/// Uploads that would harm the server: a ZIP bomb (the review's 306 KB .odt took the server from 220 MB to 1.47 GB),
/// uploads cut off half-way (an orphaned ".part" forever), and files a virus scanner rejects.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UploadSafetyTests
{
    private const string Password = "tangerine bicycle under moonlight";
    private static readonly byte[] MinimalPdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    private const string Marker = "FSP-TEST-VIRUS-MARKER";

    [Fact]
    public async Task A_zip_bomb_is_refused_with_a_message_within_a_small_memory_budget()
    {
        await using var portal = new PortalFactory();
        var (planId, sam) = await PlanAsync(portal);
        var documents = portal.Services.GetRequiredService<DocumentService>();
        // Like the review's file: an .odt whose "mimetype" part unpacks to 300 MB of zeros, packed into a few hundred KB.
        var bomb = Bomb("mimetype", 300);
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes");

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await documents.UploadAsync(planId, sam, "report.odt", bomb.Length, new MemoryStream(bomb));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.False(result.Succeeded);
        Assert.Equal("\u201creport.odt\u201d cannot be added: it unpacks to 300 MB, more than the 200 MB allowed. It may be damaged or made to harm the portal.", result.Problem);
        // Reading the part unchecked allocated over 600 MB; the check reads only the archive's directory.
        Assert.True(allocated < 32L * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated");
        Assert.Empty(Directory.GetFiles(documents.Folder));

        // Under the total but packed a thousand times: refused for its ratio.
        var tight = Bomb("content.xml", 50, withMimetype: true);
        var refused = await documents.UploadAsync(planId, sam, "budget.ods", tight.Length, new MemoryStream(tight));
        Assert.Contains("packed 1,0", refused.Problem);
        Assert.Contains("more than the 100 times a real document is", refused.Problem);
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_leaves_nothing_and_a_crashs_leftover_is_swept_at_start()
    {
        var portal = new PortalFactory();
        var (planId, sam) = await PlanAsync(portal);
        var documents = portal.Services.GetRequiredService<DocumentService>();
        var folder = documents.Folder;

        await Assert.ThrowsAsync<IOException>(() => documents.UploadAsync(planId, sam, "letter.pdf", 500_000, new BreaksHalfWay(MinimalPdf)));
        Assert.Empty(Directory.GetFiles(folder));

        // What a kill -9 mid-upload leaves: a ".part" file. One from an hour ago is swept at the next start; a fresh one
        // (another server sharing the folder may be writing it) is left.
        var old = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".part");
        var fresh = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".part");
        await File.WriteAllBytesAsync(old, new byte[1000]);
        await File.WriteAllBytesAsync(fresh, new byte[1000]);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));
        await portal.StopKeepingDataAsync();

        await using var restarted = new PortalFactory(dataDirectory: portal.DataDirectory);
        _ = restarted.Services;
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and shell scripts are Unix things
    public async Task A_virus_scan_command_rejects_its_marker_file_and_a_failing_scanner_keeps_files_out()
    {
        var scanner = Path.Combine(Path.GetTempPath(), $"fake-scanner-{Guid.NewGuid():N}.sh");
        // Like clamdscan: exit 1 and name the find when infected; exit 2 when it cannot scan (here: a file saying so).
        await File.WriteAllTextAsync(scanner, $"#!/bin/sh\ngrep -q SCANNER-BREAKS \"$1\" && exit 2\ngrep -q {Marker} \"$1\" && {{ echo \"$1: Test.Marker FOUND\"; exit 1; }}\nexit 0\n");
        File.SetUnixFileMode(scanner, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Documents:VirusScanCommand"] = scanner });
            var (planId, sam) = await PlanAsync(portal);
            var documents = portal.Services.GetRequiredService<DocumentService>();

            var infected = Encoding.UTF8.GetBytes($"Meeting notes\n{Marker}\n");
            var refused = await documents.UploadAsync(planId, sam, "notes.txt", infected.Length, new MemoryStream(infected));
            Assert.Equal("\u201cnotes.txt\u201d cannot be added: the virus scanner found something harmful in it. Do not open it; tell your IT team.", refused.Problem);
            Assert.True((await documents.UploadAsync(planId, sam, "letter.pdf", MinimalPdf.Length, new MemoryStream(MinimalPdf))).Succeeded);
            Assert.Single(Directory.GetFiles(documents.Folder));

            // The scanner itself fails: the file is refused, not let through unscanned.
            var unscannable = "Minutes\nSCANNER-BREAKS\n"u8.ToArray();
            Assert.Equal("\u201cminutes.txt\u201d cannot be added just now: it could not be checked for viruses. Please try again later.",
                (await documents.UploadAsync(planId, sam, "minutes.txt", unscannable.Length, new MemoryStream(unscannable))).Problem);
            Assert.Single(Directory.GetFiles(documents.Folder));
        }
        finally { File.Delete(scanner); }
    }

    [Fact]
    public async Task A_clamav_daemon_socket_is_used_when_set()
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"fake-clamd-{Guid.NewGuid():N}.sock");
        using var cancel = new CancellationTokenSource();
        var daemon = FakeClamdAsync(socketPath, cancel.Token);
        try
        {
            await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Documents:ClamdSocket"] = socketPath });
            var (planId, sam) = await PlanAsync(portal);
            var documents = portal.Services.GetRequiredService<DocumentService>();
            var infected = Encoding.UTF8.GetBytes($"{Marker}\n");
            Assert.Contains("the virus scanner found something harmful", (await documents.UploadAsync(planId, sam, "x.txt", infected.Length, new MemoryStream(infected))).Problem);
            Assert.True((await documents.UploadAsync(planId, sam, "letter.pdf", MinimalPdf.Length, new MemoryStream(MinimalPdf))).Succeeded);
        }
        finally
        {
            await cancel.CancelAsync();
            try { await daemon; } catch (OperationCanceledException) { }
            File.Delete(socketPath);
        }
    }

    /// <summary>A minimal clamd: answers INSTREAM with FOUND when the stream holds the marker, else OK.</summary>
    private static async Task FakeClamdAsync(string socketPath, CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await listener.AcceptAsync(cancellationToken);
            await using var stream = new NetworkStream(client);
            var command = new byte[10];
            await stream.ReadExactlyAsync(command, cancellationToken);
            Assert.Equal("zINSTREAM\0", Encoding.ASCII.GetString(command));
            using var content = new MemoryStream();
            var length = new byte[4];
            while (true)
            {
                await stream.ReadExactlyAsync(length, cancellationToken);
                var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(length);
                if (size == 0) break;
                var chunk = new byte[size];
                await stream.ReadExactlyAsync(chunk, cancellationToken);
                content.Write(chunk);
            }
            var found = Encoding.UTF8.GetString(content.ToArray()).Contains(Marker);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(found ? "stream: Test.Marker FOUND\0" : "stream: OK\0"), cancellationToken);
        }
    }

    private static async Task<(Guid PlanId, ClaimsPrincipal Sam)> PlanAsync(PortalFactory portal)
    {
        var sam = (await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes")).Id;
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-2)));
        return (planId, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, sam), new Claim(ClaimTypes.Name, sam)], "test")));
    }

    /// <summary>A ZIP holding <paramref name="megabytes"/> MB of zeros in one part (deflate packs them about 1,000 to 1).</summary>
    private static byte[] Bomb(string entryName, int megabytes, bool withMimetype = false)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (withMimetype)
                using (var writer = new StreamWriter(zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open()))
                    writer.Write("application/vnd.oasis.opendocument.spreadsheet");
            using var entry = zip.CreateEntry(entryName, CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < megabytes; i++) entry.Write(zeros);
        }
        return memory.ToArray();
    }

    /// <summary>A browser that goes away mid-upload: some bytes, then the connection breaks.</summary>
    private sealed class BreaksHalfWay(byte[] start) : MemoryStream(start)
    {
        private bool sent;
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (sent) throw new IOException("The client went away.");
            sent = true;
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
