using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Reference;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Demo;

/// <summary>
/// A synthetic council: practitioners and plans with realistic shapes (a few busy coordinators, many with a handful of
/// plans; drafts, open, overdue and closed plans; team members on some). The benchmark makes 100,000 plans with it;
/// Development can fill an empty database with a small one (<c>Demo:Plans</c>), never Production.
/// Plans are built through the aggregate, so every generated plan obeys the same rules as a typed one.
/// </summary>
public sealed class DemoCouncil(IDbContextFactory<FspDbContext> dbFactory, ReferenceData reference, TimeProvider clock)
{
    public const string DemoEmailDomain = "demo.example.org";

    private static readonly string[] FirstNames = ["Owen", "Ethan", "Mia", "Ava", "Noah", "Isla", "Leo", "Freya", "Jack", "Amara", "Zofia", "Łukasz",
        "Chloé", "Mohammed", "Aisha", "Harry", "Sophie", "Oscar", "Lily", "Finn", "Ruby", "Kacper", "Grace", "Yusuf"];
    private static readonly string[] LastNames = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
        "Roberts", "Patel", "Khan", "Nowak", "Kowalski", "Walker", "Wright", "Green", "Hall", "Wood", "O'Brien", "Clarke", "Hughes", "Ahmed"];
    private static readonly string[] Agencies = ["school", "health-visitor", "family-hub", "early-years", "school-nurse", "youth-service"];

    public sealed record Result(int Users, int Plans, string BusiestUserId, string TypicalUserId);

    /// <summary>Adds <paramref name="userCount"/> practitioners and <paramref name="planCount"/> plans; <paramref name="alsoCoordinating"/> get a share of the plans too.</summary>
    public async Task<Result> GenerateAsync(int planCount, int userCount, int seed = 20261129, IReadOnlyList<string>? alsoCoordinating = null,
        Action<string>? progress = null)
    {
        var random = new Random(seed);
        var now = clock.GetUtcNow().UtcDateTime;
        var refs = await reference.GetAsync();
        var aspects = refs.ActiveAspectCodes;
        var userIds = await AddUsersAsync(userCount, random, now);
        var coordinators = alsoCoordinating is { Count: > 0 } ? [.. userIds, .. alsoCoordinating] : userIds;
        int nextReference;
        await using (var db = await dbFactory.CreateDbContextAsync())
            nextReference = (await db.Plans.MaxAsync(p => p.ReferenceNumber) ?? 0) + 1;

        var perUser = new Dictionary<string, int>();
        const int batchSize = 2000;
        for (var start = 0; start < planCount; start += batchSize)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(planCount, start + batchSize); i++)
            {
                // Mildly skewed: the busiest coordinators carry a few hundred plans, most a few dozen
                // (and the named real users get a share).
                var creator = alsoCoordinating is { Count: > 0 } && i % 10 == 0
                    ? alsoCoordinating[i / 10 % alsoCoordinating.Count]
                    : coordinators[(int)(userIds.Count * Math.Pow(random.NextDouble(), 1.3))];
                perUser[creator] = perUser.GetValueOrDefault(creator) + 1;
                var (plan, numbered) = BuildPlan(random, creator, userIds, aspects, now);
                var record = new PlanRecord { LastStep = plan.Status == PlanStatus.Draft ? random.Next(0, 9) : 9 };
                if (numbered) record.SetReference(nextReference++);
                record.Store(plan, plan.CompletedUtc ?? plan.CreatedUtc);
                db.Plans.Add(record);
            }
            await db.SaveChangesAsync();
            progress?.Invoke($"{Math.Min(planCount, start + batchSize):N0} of {planCount:N0} plans");
        }
        var ordered = perUser.OrderByDescending(p => p.Value).Select(p => p.Key).DefaultIfEmpty(userIds.FirstOrDefault() ?? "").ToList();
        return new Result(userIds.Count, planCount, ordered[0], ordered[ordered.Count / 2]);
    }

    public const string DemoPractitionerEmail = "dana.practitioner@" + DemoEmailDomain;
    public const string DemoPractitionerPassword = "open the sample council";

    /// <summary>
    /// Development only: fills an empty portal with a small council and a practitioner to sign in as
    /// (<see cref="DemoPractitionerEmail"/>, <see cref="DemoPractitionerPassword"/>), who coordinates some of its plans.
    /// </summary>
    public async Task<string?> FillDevelopmentDatabaseAsync(int planCount, UserManager<ApplicationUser> users)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
            if (await db.Plans.AnyAsync()) return null;
        var demo = await users.FindByEmailAsync(DemoPractitionerEmail);
        if (demo is null)
        {
            demo = new ApplicationUser
            {
                UserName = DemoPractitionerEmail, Email = DemoPractitionerEmail, EmailConfirmed = true, FullName = "Dana Practitioner",
                Agency = "Family Hub", JobTitle = "Family support worker", TwoFactorEnabled = true, IsActive = true, CreatedUtc = clock.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(demo, DemoPractitionerPassword);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(demo, Roles.Practitioner);
        }
        await GenerateAsync(planCount, Math.Max(10, planCount / 50), alsoCoordinating: [demo.Id]);
        return demo.Email;
    }

    private async Task<List<string>> AddUsersAsync(int count, Random random, DateTime now)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var practitionerRole = await db.Roles.SingleAsync(r => r.Name == Roles.Practitioner);
        var existing = await db.Users.CountAsync(u => u.Email!.EndsWith("@" + DemoEmailDomain));
        var ids = new List<string>();
        for (var i = existing; i < existing + count; i++)
        {
            var name = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";
            var email = $"practitioner{i + 1:D5}@{DemoEmailDomain}";
            var user = new ApplicationUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, FullName = name, Agency = "School", JobTitle = "Practitioner", TwoFactorEnabled = true, IsActive = true,
                CreatedUtc = now, SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = practitionerRole.Id });
            ids.Add(user.Id);
        }
        await db.SaveChangesAsync();
        return ids;
    }

    private static (Plan Plan, bool Numbered) BuildPlan(Random random, string creator, List<string> users, IReadOnlyList<string> aspects, DateTime now)
    {
        var created = now.AddDays(-random.Next(1, 500)).AddMinutes(-random.Next(0, 1440));
        var plan = Plan.StartDraft(Guid.NewGuid(), creator, created);
        var createdDay = DateOnly.FromDateTime(created);
        var lastName = LastNames[random.Next(LastNames.Length)];
        var postcode = $"PO{random.Next(1, 10)} {random.Next(1, 10)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}";
        var address = new Address($"{random.Next(1, 200)} {LastNames[random.Next(LastNames.Length)]} Road", null, "Portsmouth", postcode);
        plan.RecordConsent(new ConsentRecord(true, [], $"Parent {lastName}", createdDay),
            new PractitionerDetails("Demo practitioner", Agencies[random.Next(Agencies.Length)], "Practitioner", "demo@" + DemoEmailDomain, "+442392688000", "practitioner-judgement", null), createdDay);
        plan.DescribeChildAndParents(
            new FocusChild(FirstNames[random.Next(FirstNames.Length)], lastName, createdDay.AddDays(-random.Next(200, 17 * 365)), "not-known", "Demo School", address),
            new ParentCarer($"{FirstNames[random.Next(FirstNames.Length)]} {lastName}", "mother", address), null, createdDay);
        plan.ScoreAspects(aspects.Select(a => random.Next(5) == 0 ? new AspectScore(a, null, true) : new AspectScore(a, random.Next(1, 11), false)));
        plan.WriteSummaryAndPlan("Demo summary.", Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
            new PlanLine(Guid.NewGuid(), aspects[random.Next(aspects.Count)], "Something to change", "Something to do", "Parent", createdDay.AddDays(60), random.Next(1, 11))));

        var roll = random.Next(100);
        if (roll < 15) // a draft
        {
            plan.SetFinishDetails(lastName, new NextReview(null, null, null));
            return (WithTeam(plan, random, users), false);
        }
        plan.SetFinishDetails(lastName, new NextReview(createdDay.AddDays(42), new TimeOnly(10, 0), "Family Hub"));
        plan.Finish(aspects, created, createdDay);
        if (roll >= 85)
        {
            var closed = created.AddDays(random.Next(30, 200));
            if (closed > now) closed = now;
            // Outcomes as councils report them: most needs with some progress, a quarter without.
            var outcomes = plan.Needs.Select(code => random.Next(100) switch
            {
                < 45 => new NeedOutcome(code, ProgressAtClosure.Yes, "Demo evidence"),
                < 75 => new NeedOutcome(code, ProgressAtClosure.Partly, "Demo evidence"),
                _ => new NeedOutcome(code, ProgressAtClosure.No, null),
            }).ToList();
            plan.Close(creator, "needs-met", null, ["needs-met"], closed, outcomes);
            // Most 6-month checks that are due have been recorded; three in four found the progress sustained.
            if (plan.SustainedCheckDueOn(Components.Shared.UkTime.London) is { } due && due <= DateOnly.FromDateTime(now) && random.Next(10) < 7)
            {
                var checkedAt = due.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).AddDays(random.Next(0, 30)); // within a month of falling due
                plan.RecordSustainedCheck(creator, [.. plan.NeedsToCheck.Select(code => new NeedSustained(code, random.Next(4) != 0))], null,
                    checkedAt < now ? checkedAt : now, Components.Shared.UkTime.London);
            }
        }
        var reviewed = random.Next(2) == 0 ? created.AddDays(random.Next(0, Math.Max(1, (int)(now - created).TotalDays))) : (DateTime?)null;
        var numbered = (now - created).TotalDays > 1;
        return (WithTeam(Plan.FromState(plan.ToState() with { LastReviewUtc = reviewed }), random, users), numbered);
    }

    private static Plan WithTeam(Plan plan, Random random, List<string> users)
    {
        var team = Enumerable.Range(0, random.Next(0, 4)).Select(_ => users[random.Next(users.Count)])
            .Where(u => plan.Members.All(m => m.UserId != u)).Distinct()
            .Select(u => new PlanMember(u, PlanRole.TeamAroundFamily, random.Next(10) != 0)).ToList();
        return team.Count == 0 ? plan : Plan.FromState(plan.ToState() with { Members = [.. plan.Members, .. team] });
    }
}
