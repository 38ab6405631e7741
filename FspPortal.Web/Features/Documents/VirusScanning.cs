using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace FspPortal.Web.Features.Documents;

/// <summary>What a virus scan found.</summary>
public enum ScanVerdict { Clean, Infected, NotChecked }

public sealed record ScanResult(ScanVerdict Verdict, string? Detail = null);

/// <summary>Checks an uploaded file before it is kept. With no scanner set, every file is clean (and the admin page says so).</summary>
public interface IVirusScanner
{
    Task<ScanResult> ScanAsync(string path, CancellationToken cancellationToken);
    /// <summary>Words for admins: how uploads are scanned.</summary>
    string Description { get; }
}

public sealed class NoVirusScanner : IVirusScanner
{
    public Task<ScanResult> ScanAsync(string path, CancellationToken cancellationToken) => Task.FromResult(new ScanResult(ScanVerdict.Clean));
    public string Description => "no virus scanner is set (Documents:VirusScanCommand or Documents:ClamdSocket)";
}

/// <summary>
/// Runs a command with the file's path as its last argument, as ClamAV's <c>clamdscan</c>/<c>clamscan</c> expect:
/// exit code 0 is clean, 1 is infected, anything else (or no answer within two minutes) is "could not check".
/// </summary>
public sealed class CommandVirusScanner(string command, IReadOnlyList<string> arguments, ILogger<CommandVirusScanner> logger) : IVirusScanner
{
    public string Description => $"each upload is checked by running {command}";

    public async Task<ScanResult> ScanAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(path);
        try
        {
            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return new ScanResult(ScanVerdict.NotChecked, "the scanner did not answer within two minutes");
            }
            var said = ((await output) + " " + (await errors)).Trim();
            return process.ExitCode switch
            {
                0 => new ScanResult(ScanVerdict.Clean),
                1 => new ScanResult(ScanVerdict.Infected, said),
                _ => Failed($"the scanner ended with code {process.ExitCode}: {said}"),
            };
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return Failed($"the scanner {command} could not be started: {ex.Message}");
        }

        ScanResult Failed(string detail)
        {
            logger.LogError("A document could not be scanned for viruses: {Detail}", detail);
            return new ScanResult(ScanVerdict.NotChecked, detail);
        }
    }
}

/// <summary>
/// Streams the file to a ClamAV daemon over its Unix socket (the INSTREAM command), which answers
/// "stream: OK" or "stream: &lt;name&gt; FOUND".
/// </summary>
public sealed class ClamdVirusScanner(string socketPath, ILogger<ClamdVirusScanner> logger) : IVirusScanner
{
    public string Description => $"each upload is checked by the ClamAV daemon at {socketPath}";

    public async Task<ScanResult> ScanAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), timeout.Token);
            await using (var file = File.OpenRead(path))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await file.ReadAsync(buffer.AsMemory(4), timeout.Token)) > 0)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(buffer, read);
                    await stream.WriteAsync(buffer.AsMemory(0, read + 4), timeout.Token);
                }
            }
            await stream.WriteAsync(new byte[4], timeout.Token); // a zero-length chunk ends the stream
            using var reply = new MemoryStream();
            await stream.CopyToAsync(reply, timeout.Token);
            var answer = Encoding.ASCII.GetString(reply.ToArray()).TrimEnd('\0', '\n').Trim();
            if (answer.EndsWith("OK", StringComparison.Ordinal)) return new ScanResult(ScanVerdict.Clean);
            if (answer.EndsWith("FOUND", StringComparison.Ordinal)) return new ScanResult(ScanVerdict.Infected, answer);
            return Failed($"the ClamAV daemon answered \u201c{answer}\u201d");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Failed($"the ClamAV daemon at {socketPath} could not be reached: {ex.Message}");
        }

        ScanResult Failed(string detail)
        {
            logger.LogError("A document could not be scanned for viruses: {Detail}", detail);
            return new ScanResult(ScanVerdict.NotChecked, detail);
        }
    }
}
