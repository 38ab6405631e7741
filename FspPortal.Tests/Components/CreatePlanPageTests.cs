using System.Security.Claims;
using Bunit;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Components;

/// <summary>Plans are created by practitioners: an account that is only an administrator's is told so and cannot start one.</summary>
[Trait("Category", "Component")]
public sealed class CreatePlanPageTests : PortalComponentTest
{
    public CreatePlanPageTests() => UseAppService<PlanWizardService>();

    private IRenderedComponent<CreatePlan> Render(params string[] roles)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "user-1"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test");
        var state = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity)));
        return Render<CreatePlan>(p => p.AddCascadingValue(state));
    }

    [Fact]
    public void An_admin_only_account_is_told_only_practitioners_create_plans()
    {
        var cut = Render(Roles.Admin);
        Assert.Contains("Only practitioners create plans", cut.Markup);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Start a new plan"));
    }

    [Fact]
    public void A_practitioner_can_start_a_plan()
    {
        var cut = Render(Roles.Practitioner);
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("Start a new plan")));
        Assert.DoesNotContain("Only practitioners create plans", cut.Markup);
    }
}
