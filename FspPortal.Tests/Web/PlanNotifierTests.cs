using FspPortal.Web.Realtime;
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
        using var a = notifier.Subscribe("a", _ => { heard.Add("a"); return Task.CompletedTask; });
        using var a2 = notifier.Subscribe("a", _ => { heard.Add("a's second tab"); return Task.CompletedTask; });
        using var b = notifier.Subscribe("b", _ => { heard.Add("b"); return Task.CompletedTask; });

        await notifier.NotifyAsync(Change, ["a", "a", "c"]);

        Assert.Equal(["a", "a's second tab"], heard.Order()); // both of a's pages, in no particular order
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_and_is_forgotten()
    {
        var heard = 0;
        var subscription = notifier.Subscribe("a", _ => { heard++; return Task.CompletedTask; });
        subscription.Dispose();
        subscription.Dispose(); // twice is harmless
        await notifier.NotifyAsync(Change, ["a"]);
        Assert.Equal(0, heard);
        Assert.Equal(0, notifier.CountFor("a"));
    }

    [Fact]
    public async Task A_failing_page_does_not_stop_the_others()
    {
        var heard = false;
        using var broken = notifier.Subscribe("a", _ => throw new InvalidOperationException("circuit gone"));
        using var working = notifier.Subscribe("a", _ => { heard = true; return Task.CompletedTask; });
        await notifier.NotifyAsync(Change, ["a"]);
        Assert.True(heard);
    }

    [Fact]
    public async Task Telling_the_pages_does_not_wait_for_a_slow_one()
    {
        var stillRefreshing = new TaskCompletionSource();
        var heard = false;
        using var slow = notifier.Subscribe("a", _ => stillRefreshing.Task);
        using var other = notifier.Subscribe("b", _ => { heard = true; return Task.CompletedTask; });

        var telling = notifier.NotifyAsync(Change, ["a", "b"]);

        Assert.True(telling.IsCompleted);
        Assert.True(heard);
        stillRefreshing.SetResult();
        await telling;
    }
}
