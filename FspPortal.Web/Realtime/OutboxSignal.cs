using System.Threading.Channels;

namespace FspPortal.Web.Realtime;

/// <summary>
/// Wakes the <see cref="OutboxDispatcher"/> after a commit. It carries no data: the rows in the database are the truth,
/// so a lost wake-up only delays a message until the next poll, and nothing is held in memory that a crash could lose.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => channel.Writer.TryWrite(true);

    /// <summary>Waits until woken or until <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try { await channel.Reader.ReadAsync(wait.Token); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
    }
}
