using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FspPortal.Web.Features.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FspPortal.Tests.Components;

[Trait("Category", "Component")]
public sealed class AccessRequestQueueTests : PortalComponentTest
{
    private readonly BunitAuthorizationContext auth;

    public AccessRequestQueueTests()
    {
        UseAppService<AccessRequestService>();
        auth = AddAuthorization();
    }

    [Fact]
    public async Task Approving_a_waiting_request_creates_the_account_and_sends_the_invitation()
    {
        var admin = await Portal.CreateUserAsync("ada@council.example.org", "seven lanterns over the harbour", "Ada Admin", admin: true);
        auth.SetAuthorized(admin.Email!);
        auth.SetRoles(FspPortal.Web.Data.Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, admin.Id));
        await Portal.Services.GetRequiredService<AccessRequestService>().SubmitAsync(new AccessRequestModel
        {
            FullName = "Sam Hughes", Email = "sam@school.example.org", Agency = "School", JobTitle = "Pastoral lead", Phone = "07700 900123",
        });

        Render<MudPopoverProvider>();
        var cut = Render<AccessRequests>();
        cut.WaitForAssertion(() => Assert.Contains("sam@school.example.org", cut.Find("table").TextContent));

        await cut.Find("button[aria-label='Approve Sam Hughes']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("No one is waiting for access.", cut.Markup));
        await Portal.LatestEmailAsync("sam@school.example.org", "Your FSP Portal account");
        await using var scope = Portal.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<FspPortal.Web.Data.ApplicationUser>>().FindByEmailAsync("sam@school.example.org"));
    }
}
