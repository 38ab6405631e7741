using FspPortal.Tests.Support;
using FspPortal.Web.Features.Demo;
using FspPortal.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

[Trait("Category", "Integration")]
public sealed class DemoCouncilTests
{
    [Fact]
    public async Task In_development_Demo_Plans_fills_an_empty_portal_with_a_council_and_a_practitioner_to_sign_in_as()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Demo:Plans"] = "60" });
        _ = portal.Server;
        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(60, await db.Plans.CountAsync());
        var dana = await db.Users.SingleAsync(u => u.Email == DemoCouncil.DemoPractitionerEmail);
        var counts = await portal.Services.GetRequiredService<PlanQueries>().CountsAsync(dana.Id);
        Assert.True(counts.InProgress + counts.Completed + counts.Closed > 0);
        // Every generated plan reads back through the aggregate.
        foreach (var record in await db.Plans.Take(20).ToListAsync()) Assert.Equal(record.Id, record.ToPlan().Id);
        await SignIn.CompleteAsync(portal, portal.CreatePortalClient(), DemoCouncil.DemoPractitionerEmail, DemoCouncil.DemoPractitionerPassword);
    }

    [Fact]
    public async Task Outside_development_no_demo_data_is_ever_made()
    {
        await using var portal = new PortalFactory(environment: "Production", settings: new Dictionary<string, string?> { ["Demo:Plans"] = "60" });
        _ = portal.Server;
        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(0, await db.Plans.CountAsync());
        Assert.False(await db.Users.AnyAsync(u => u.Email!.EndsWith("@" + DemoCouncil.DemoEmailDomain)));
    }
}
