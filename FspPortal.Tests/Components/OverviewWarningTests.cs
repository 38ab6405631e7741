using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Plans;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FspPortal.Tests.Components;

/// <summary>The overview warns when a plan's review is overdue or due soon, with "Add review" beside the warning.</summary>
[Trait("Category", "Component")]
public sealed class OverviewWarningTests : PortalComponentTest
{
    private readonly BunitAuthorizationContext auth;

    public OverviewWarningTests()
    {
        UseOverviewServices();
        auth = AddAuthorization();
    }

    private async Task<IRenderedComponent<PlanView>> OverviewWithReviewDueAsync(int daysFromToday)
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        auth.SetAuthorized(sam.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, sam.Id));
        var today = DateOnly.FromDateTime(FspPortal.Web.Components.Shared.UkTime.ToUk(DateTime.UtcNow));
        var plan = PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-120));
        plan.SetFinishDetails("Smith", new NextReview(today.AddDays(daysFromToday), new TimeOnly(10, 0), "School"));
        var planId = await Portal.AddAsync(plan);
        Render<MudPopoverProvider>();
        var cut = Render<PlanView>(p => p.Add(x => x.PlanId, planId));
        cut.WaitForAssertion(() => Assert.StartsWith("Child FSP Overview", cut.Find("h1").TextContent));
        return cut;
    }

    [Fact]
    public async Task A_plan_ten_weeks_past_its_review_date_says_so_with_add_review()
    {
        var cut = await OverviewWithReviewDueAsync(-70);
        var alert = cut.FindAll(".mud-alert").Single(a => a.TextContent.Contains("overdue"));
        Assert.Contains("The review is overdue: it was due on", alert.TextContent);
        Assert.Contains("10 weeks ago", alert.TextContent);
        Assert.EndsWith("/review", alert.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_review_due_in_three_days_is_announced()
    {
        var soon = await OverviewWithReviewDueAsync(3);
        Assert.Contains(soon.FindAll(".mud-alert"), a => a.TextContent.Contains("The next review is due on") && a.TextContent.Contains("in 3 days"));
    }

    [Fact]
    public async Task A_review_a_month_away_shows_no_warning()
    {
        var cut = await OverviewWithReviewDueAsync(30);
        Assert.DoesNotContain(cut.FindAll(".mud-alert"), a => a.TextContent.Contains("review is") || a.TextContent.Contains("next review is due"));
    }
}
