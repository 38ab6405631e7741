using FspPortal.Web.Realtime;
using FspPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FspPortal.Tests.Web;

[Trait("Category", "Unit")]
public sealed class PlanNotifierTests
{
    private readonly InMemoryPlanNotifier notifier = new(NullLogger<InMemoryPlanNotifier>.Instance);
    private static readonly PlanChange Change = new(Guid.NewGuid(), PlanChangeKind.Status);

    [Fact]
    public async Task Only_the_named_users_pages_hear_a_change()
    {
        var heard = new List<string>();
        using var a = notifier.Subscribe("a", _ => { lock (heard) heard.Add("a"); return Task.CompletedTask; });
        using var a2 = notifier.Subscribe("a", _ => { lock (heard) heard.Add("a's second tab"); return Task.CompletedTask; });
        using var b = notifier.Subscribe("b", _ => { lock (heard) heard.Add("b"); return Task.CompletedTask; });
        using var last = notifier.Subscribe("c", _ => { lock (heard) heard.Add("c"); return Task.CompletedTask; });

        await notifier.NotifyAsync(Change, ["a", "a", "c"]);

        await Eventually.TrueAsync(() => { lock (heard) return heard.Count >= 3; }, "a's two pages and c's page");
        await notifier.NotifyAsync(Change, ["c"]); // once c has heard twice, anything meant for b would have arrived too
        await Eventually.TrueAsync(() => { lock (heard) return heard.Count(h => h == "c") == 2; }, "c's second message");
        lock (heard) Assert.Equal(["a", "a's second tab", "c", "c"], heard.Order()); // each of a's pages once, never b's
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_and_is_forgotten()
    {
        var heard = 0;
        var subscription = notifier.Subscribe("a", _ => { Interlocked.Increment(ref heard); return Task.CompletedTask; });
        var other = false;
        using var witness = notifier.Subscribe("a", _ => { other = true; return Task.CompletedTask; });
        subscription.Dispose();
        subscription.Dispose(); // twice is harmless
        await notifier.NotifyAsync(Change, ["a"]);
        await Eventually.TrueAsync(() => other, "the page still subscribed"); // by then the disposed one would have heard too
        Assert.Equal(0, heard);
        Assert.Equal(1, notifier.CountFor("a"));
    }

    [Fact]
    public async Task A_failing_page_does_not_stop_the_others()
    {
        var heard = false;
        using var broken = notifier.Subscribe("a", _ => throw new InvalidOperationException("circuit gone"));
        using var working = notifier.Subscribe("a", _ => { heard = true; return Task.CompletedTask; });
        await notifier.NotifyAsync(Change, ["a"]);
        await Eventually.TrueAsync(() => heard, "the working page");
    }

    [Fact]
    public async Task Telling_the_pages_does_not_wait_for_a_slow_one()
    {
        var stillRefreshing = new TaskCompletionSource();
        var heard = false;
        using var slow = notifier.Subscribe("a", _ => stillRefreshing.Task);
        using var other = notifier.Subscribe("b", _ => { heard = true; return Task.CompletedTask; });

        var telling = notifier.NotifyAsync(Change, ["a", "b"]);

        Assert.True(telling.IsCompleted); // the sender is free at once
        await Eventually.TrueAsync(() => heard, "the other page, while the slow one is still refreshing");
        stillRefreshing.SetResult();
        await telling;
    }
}
