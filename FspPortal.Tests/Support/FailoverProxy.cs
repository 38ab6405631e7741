using System.Net;
using System.Net.Sockets;

namespace FspPortal.Tests.Support;

/// <summary>
/// A load balancer as small as it can be, for tests: each browser connection (HTTP, or a circuit's WebSocket) goes to
/// the first server that answers, so every user is "stuck" to the first server while it lives and moves to the next
/// when it is gone. A TCP relay: what it carries is never read.
/// </summary>
public sealed class FailoverProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<Uri> servers;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    public FailoverProxy(params Uri[] servers)
    {
        this.servers = servers;
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        accepting = AcceptAsync();
    }

    /// <summary>Where the browser goes.</summary>
    public Uri Address { get; }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient browser;
            try { browser = await listener.AcceptTcpClientAsync(stopping.Token); }
            catch (Exception) when (stopping.IsCancellationRequested) { return; }
            _ = RelayAsync(browser);
        }
    }

    private async Task RelayAsync(TcpClient browser)
    {
        using (browser)
        {
            foreach (var server in servers)
            {
                using var upstream = new TcpClient();
                try { await upstream.ConnectAsync(server.Host, server.Port, stopping.Token); }
                catch (SocketException) { continue; } // that server is down: the next one
                catch (OperationCanceledException) { return; }
                var toServer = browser.GetStream().CopyToAsync(upstream.GetStream(), stopping.Token);
                var toBrowser = upstream.GetStream().CopyToAsync(browser.GetStream(), stopping.Token);
                try { await Task.WhenAny(toServer, toBrowser); } catch (Exception) { } // either side closing ends both
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try { await accepting; } catch (Exception) { }
        stopping.Dispose();
    }
}
