using FspPortal.Domain.Plans;
using FspPortal.Tests.Domain.Plans;
using FspPortal.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Support;

/// <summary>Puts plans straight into a portal's database (for list, tile and access tests), through the real storage mapping.</summary>
public static class PlanSeeder
{
    public static async Task<Guid> AddAsync(this PortalFactory portal, Plan plan, string? reference = null, IEnumerable<PlanMember>? extraMembers = null)
    {
        var state = plan.ToState();
        if (extraMembers is not null) state = state with { Members = [.. state.Members, .. extraMembers] };
        var record = new PlanRecord { LastStep = 9 };
        if (reference is not null) record.SetReference(int.Parse(reference["FSP-".Length..]));
        record.Store(Plan.FromState(state), DateTime.UtcNow);
        await using var db = await portal.CreateDbContextAsync();
        db.Plans.Add(record);
        await db.SaveChangesAsync();
        return record.Id;
    }

    /// <summary>Adds review 1 to a completed plan through the real service, as <paramref name="userId"/> (every line done, next review in 30 days).</summary>
    public static async Task AddReviewAsync(this PortalFactory portal, Guid planId, string userId)
    {
        var reviews = portal.Services.GetRequiredService<FspPortal.Web.Features.Reviews.ReviewService>();
        var session = (await reviews.OpenAsync(planId, userId))!;
        foreach (var line in session.Form.Lines) line.Progress = FspPortal.Web.Features.Reviews.ReviewLineForm.Done;
        foreach (var need in session.Form.Needs) need.Progress = FspPortal.Web.Features.Outcomes.NeedProgressForm.Improving;
        session.Form.ReviewDate = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd");
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId)], "test"));
        var saved = await reviews.SaveAsync(planId, principal, session.Form);
        Assert.True(saved.Succeeded, saved.Problem);
    }

    /// <summary>A completed plan finished at <paramref name="completedUtc"/> (and last reviewed then, when given).</summary>
    public static Plan Completed(string creator, DateTime completedUtc, DateTime? lastReviewUtc = null, string firstName = "Owen", string lastName = "Smith",
        string postcode = "PO1 2AB", DateOnly? dateOfBirth = null, string familyName = "Smith")
    {
        var plan = PlanBuilder.ReadyToFinish(creator, firstName, lastName, postcode, dateOfBirth, familyName).Build();
        plan.Finish(PlanBuilder.Aspects, completedUtc, DateOnly.FromDateTime(completedUtc).AddDays(-1));
        return lastReviewUtc is null ? plan : Plan.FromState(plan.ToState() with { LastReviewUtc = lastReviewUtc });
    }
}
