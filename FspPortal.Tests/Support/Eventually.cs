namespace FspPortal.Tests.Support;

/// <summary>Waits for a condition that becomes true after the commit (the outbox dispatcher runs in the background).</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails after a generous 30 s, naming what it waited for.</summary>
    public static async Task TrueAsync(Func<bool> condition, string waitingFor, int timeoutSeconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException($"Waited {timeoutSeconds} s for {waitingFor}.");
            await Task.Delay(20);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string waitingFor, int timeoutSeconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException($"Waited {timeoutSeconds} s for {waitingFor}.");
            await Task.Delay(20);
        }
    }
}
