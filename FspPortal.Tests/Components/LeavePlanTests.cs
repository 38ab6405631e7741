using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Sharing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FspPortal.Tests.Components;

/// <summary>Unticking Active on the overview: the only coordinator is told why they cannot leave (nothing asked first); others confirm.</summary>
[Trait("Category", "Component")]
public sealed class LeavePlanTests : PortalComponentTest
{
    private readonly BunitAuthorizationContext auth;

    public LeavePlanTests()
    {
        UseOverviewServices();
        auth = AddAuthorization();
    }

    private IRenderedComponent<MudDialogProvider> dialogs = default!;

    private async Task<IRenderedComponent<PlanView>> OverviewAsAsync(bool withSecondCoordinator)
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        var kim = await Portal.CreateUserAsync("kim@hub.example.org", "tangerine bicycle under moonlight", "Kim Co");
        auth.SetAuthorized(sam.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, sam.Id));
        var planId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-10)),
            extraMembers: [new PlanMember(kim.Id, withSecondCoordinator ? PlanRole.Coordinator : PlanRole.TeamAroundFamily, true)]);
        Render<MudPopoverProvider>();
        dialogs = Render<MudDialogProvider>();
        var cut = Render<PlanView>(p => p.Add(x => x.PlanId, planId));
        cut.WaitForAssertion(() => Assert.StartsWith("Child FSP Overview", cut.Find("h1").TextContent));
        return cut;
    }

    /// <summary>Unticks Active; not awaited, because the handler waits for the dialog's answer.</summary>
    private static void UntickActive(IRenderedComponent<PlanView> cut) =>
        _ = cut.Find("input[type=checkbox]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = false });

    [Fact]
    public async Task The_only_coordinator_is_told_how_to_hand_on_the_plan_and_is_not_asked_to_leave()
    {
        var cut = await OverviewAsAsync(withSecondCoordinator: false);
        UntickActive(cut);

        dialogs.WaitForAssertion(() => Assert.Contains("You are this plan's only coordinator", dialogs.Markup));
        Assert.Contains("Hand over", dialogs.Markup);
        Assert.DoesNotContain("Leave the plan", dialogs.Markup);
    }

    [Fact]
    public async Task A_coordinator_with_a_co_coordinator_is_asked_to_confirm()
    {
        var cut = await OverviewAsAsync(withSecondCoordinator: true);
        UntickActive(cut);

        dialogs.WaitForAssertion(() => Assert.Contains("Leave the plan", dialogs.Markup));
        Assert.DoesNotContain("only coordinator", dialogs.Markup);
    }
}
