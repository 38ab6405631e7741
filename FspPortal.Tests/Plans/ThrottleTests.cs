using FspPortal.Web.Components.Shared;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Plans;

[Trait("Category", "Unit")]
public sealed class ThrottleTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task The_first_request_runs_at_once_a_burst_runs_once_at_the_window_end_and_never_twice_in_a_window()
    {
        var runs = 0;
        using var throttle = new Throttle(Window, clock, () => { runs++; return Task.CompletedTask; });

        await throttle.RequestAsync();
        Assert.Equal(1, runs);
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(40));
            await throttle.RequestAsync();
        }
        Assert.Equal(1, runs);
        clock.Advance(Window);
        Assert.Equal(2, runs);
        // Straight after that run, another request waits for the next window's end.
        await throttle.RequestAsync();
        Assert.Equal(2, runs);
        clock.Advance(Window);
        Assert.Equal(3, runs);
        // After a quiet window, at once again.
        clock.Advance(Window * 2);
        await throttle.RequestAsync();
        Assert.Equal(4, runs);
    }

    [Fact]
    public async Task A_disposed_throttle_runs_nothing_pending()
    {
        var runs = 0;
        var throttle = new Throttle(Window, clock, () => { runs++; return Task.CompletedTask; });
        await throttle.RequestAsync();
        await throttle.RequestAsync();
        throttle.Dispose();
        clock.Advance(Window * 2);
        Assert.Equal(1, runs);
    }
}
