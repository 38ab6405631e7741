using System.Diagnostics;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Demo;
using FspPortal.Web.Features.Retention;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Benchmarks;

/// <summary>
/// `retention [plans] [due] [users]`: a council of (default) 1,000,000 plans made in SQL, (default) 50,000 of them closed
/// seven years ago with a whole plan's state, three audit lines and an email each; then the nightly Retention run that
/// anonymises those 50,000 (and finds nothing among the rest), timed with the memory it used, and a second run (nothing
/// to do). Target: under 60 s.
/// </summary>
public static class RetentionBenchmark
{
    public static Task RunAsync(int plans, int due, int users) =>
        BenchmarkDatabase.ForEachAsync("fsp-retention", (database, dataDirectory) => RunOnAsync(database, dataDirectory, plans, due, users));

    /// <summary>A closed plan's whole state, with placeholders for its id and coordinator (replaced in SQL per plan).</summary>
    private static string TemplateState()
    {
        var closed = DateTime.UtcNow.AddYears(-7);
        var day = DateOnly.FromDateTime(closed);
        var plan = Plan.StartDraft(Guid.Empty, "COORDINATOR", closed.AddDays(-60));
        plan.RecordConsent(new ConsentRecord(true, [new(DoNotShareKind.Organisation, "Acme Housing")], "Jane Smith", day.AddDays(-60)),
            new PractitionerDetails("Sam Hughes", "school", "Pastoral lead", "sam@school.example.org", "+442392688000", "family-request", null), day);
        plan.DescribeChildAndParents(new FocusChild("Owen", "Smith", day.AddYears(-10), "male", "Oak Primary", new Address("1 High St", null, "Portsmouth", "PO1 2AB")),
            new ParentCarer("Jane Smith", "mother", new Address("1 High St", null, "Portsmouth", "PO1 2AB")), null, day);
        plan.SetContacts(new ContactDetails("Mum 07700 900123", false, null, null, "Lives with grandma at weekends"), []);
        plan.TellFamilyStory(new FamilyStory("Dad left in May; money is tight.", "Moved from Leeds two years ago."));
        var aspects = ReferenceLists.Defaults[ReferenceLists.Aspects].Select(a => a.Code).ToList();
        plan.ScoreAspects(aspects.Select(code => new AspectScore(code, 5, false)));
        plan.WriteSummaryAndPlan("Things are improving.", [new PlanLine(Guid.NewGuid(), "education", "Owen gets to school on time", "Morning routine chart", "Jane", day.AddDays(30), 4)]);
        plan.SetFinishDetails("Smith", new NextReview(day.AddDays(42), new TimeOnly(10, 0), "Oak Primary"));
        plan.Finish(aspects, closed.AddDays(-50), day.AddDays(-50));
        plan.Close("COORDINATOR", "needs-met", null, ["needs-met"], closed);
        var record = new PlanRecord();
        record.Store(plan, closed);
        return record.StateJson;
    }

    private static async Task RunOnAsync(BenchmarkDatabase database, string dataDirectory, int plans, int due, int users)
    {
        var builder = WebApplication.CreateBuilder([.. database.Settings, "--Logging:LogLevel:Default=Warning", "--Jobs:Enabled=false", "--Retention:UntilYoungestChildAge=0"]);
        builder.AddFspPortal();
        await using var app = builder.Build();
        await app.InitialiseDatabaseAsync();

        var generate = Stopwatch.StartNew();
        await app.Services.GetRequiredService<DemoCouncil>().GenerateAsync(0, users);
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        var template = TemplateState(); // a parameter ({0} below), never text pasted into the SQL
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.OpenConnectionAsync(); // the temporary table lives as long as this connection
            await db.Database.ExecuteSqlRawAsync("""CREATE TEMP TABLE "Coordinators" AS SELECT ROW_NUMBER() OVER (ORDER BY "Id") - 1 AS "N", "Id" FROM "AspNetUsers";""");
            // Plan i ≤ due: closed seven years ago, its whole state; the rest: open, or (every 20th) closed in the last two
            // years, with a state the job never reads. Only whole numbers and the template made here go into this SQL.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync((database.IsPostgreSql ? $"""
                INSERT INTO "Plans" ("Id", "Status", "CreatedByUserId", "CreatedUtc", "UpdatedUtc", "CompletedUtc", "ReferenceNumber", "Version", "LastStep",
                    "StateJson", "ChildFirstName", "ChildLastName", "FamilyName", "ClosedUtc", "SearchTermsVersion", "RetentionStartsOn", "YoungestChildBirthDate", "LegalHold")
                SELECT id, CASE WHEN i <= {due} OR i % 20 = 1 THEN 2 ELSE 1 END, c."Id", now() - interval '8 years', now(), now() - interval '8 years', i::int, 1, 9,
                       CASE WHEN i <= {due} THEN replace(replace(TEMPLATE_PARAMETER, '00000000-0000-0000-0000-000000000000', id::text), 'COORDINATOR', c."Id") ELSE 'not read by the job' END,
                       'Owen', 'Smith', 'Smith',
                       CASE WHEN i <= {due} THEN now() - interval '7 years' WHEN i % 20 = 1 THEN now() - make_interval(days => (i % 700)::int) END,
                       {PlanSearchTerms.Version},
                       CASE WHEN i <= {due} THEN (now() - interval '7 years')::date WHEN i % 20 = 1 THEN (now() - make_interval(days => (i % 700)::int))::date END,
                       (now() - interval '17 years')::date, FALSE
                FROM (SELECT i, (lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS id FROM generate_series(1::bigint, {plans}) AS n(i)) p
                JOIN "Coordinators" c ON c."N" = i % {users};
                """ : $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {plans})
                INSERT INTO "Plans" ("Id", "Status", "CreatedByUserId", "CreatedUtc", "UpdatedUtc", "CompletedUtc", "ReferenceNumber", "Version", "LastStep",
                    "StateJson", "ChildFirstName", "ChildLastName", "FamilyName", "ClosedUtc", "SearchTermsVersion", "RetentionStartsOn", "YoungestChildBirthDate", "LegalHold")
                SELECT printf('%08X-0000-4000-8000-%012X', i, i), CASE WHEN i <= {due} OR i % 20 = 1 THEN 2 ELSE 1 END, c."Id",
                       datetime('now', '-8 years'), datetime('now'), datetime('now', '-8 years'), i, 1, 9,
                       CASE WHEN i <= {due} THEN replace(replace(TEMPLATE_PARAMETER, '00000000-0000-0000-0000-000000000000', printf('%08X-0000-4000-8000-%012X', i, i)), 'COORDINATOR', c."Id") ELSE 'not read by the job' END,
                       'Owen', 'Smith', 'Smith',
                       CASE WHEN i <= {due} THEN datetime('now', '-7 years') WHEN i % 20 = 1 THEN datetime('now', printf('-%d days', i % 700)) END,
                       {PlanSearchTerms.Version},
                       CASE WHEN i <= {due} THEN date('now', '-7 years') WHEN i % 20 = 1 THEN date('now', printf('-%d days', i % 700)) END,
                       date('now', '-17 years'), 0
                FROM n JOIN "Coordinators" c ON c."N" = i % {users};
                """).Replace("TEMPLATE_PARAMETER", "{0}"), template);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "PlanMembers" ("PlanId", "UserId", "Role", "IsActive", "AddedUtc")
                SELECT "Id", "CreatedByUserId", 0, TRUE, "CreatedUtc" FROM "Plans";
                """);
            // One audit line per plan, two more for each plan due; one email about each plan due.
            var planIdText = database.IsPostgreSql ? "\"Id\"::text" : "lower(\"Id\")";
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "AuditEntries" ("OccurredUtc", "ActorUserId", "Action", "TargetType", "TargetId", "Outcome", "Details", "Summary")
                SELECT "CreatedUtc", "CreatedByUserId", 'Plan.Edited', 'Plan', {planIdText}, 'Success', 'Family''s story', 'Edited Family''s story' FROM "Plans";
                INSERT INTO "AuditEntries" ("OccurredUtc", "ActorUserId", "Action", "TargetType", "TargetId", "Outcome", "Details", "Summary")
                SELECT "ClosedUtc", "CreatedByUserId", a.action, 'Plan', {planIdText}, 'Success', 'needs met', 'Closed: Needs met; Owen Smith'
                FROM "Plans" JOIN (SELECT 'Plan.Closed' AS action UNION ALL SELECT 'Plan.Viewed') a ON TRUE WHERE "RetentionStartsOn" <= {(database.IsPostgreSql ? "(now() - interval '6 years')::date" : "date('now', '-6 years')")};
                INSERT INTO "OutgoingEmails" ("PlanId", "To", "Subject", "TextBody", "HtmlBody", "QueuedUtc", "Status", "Attempts", "NextAttemptUtc", "SentUtc")
                SELECT "Id", 'bea@hub.example.org', 'You have been added to a Family Support Plan', 'You have been added to the Family Support Plan for Owen Smith.', '<p>Owen Smith</p>',
                       "CreatedUtc", 1, 1, "CreatedUtc", "CreatedUtc"
                FROM "Plans" WHERE "RetentionStartsOn" <= {(database.IsPostgreSql ? "(now() - interval '6 years')::date" : "date('now', '-6 years')")};
                """);
#pragma warning restore EF1002
            await db.Database.ExecuteSqlRawAsync(database.IsPostgreSql ? "VACUUM ANALYZE;" : "ANALYZE;");
            var size = database.IsPostgreSql
                ? $"{(await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync()) / 1048576.0:F0} MB PostgreSQL database"
                : $"{new FileInfo(Path.Combine(dataDirectory, "fsp-portal.db")).Length / 1048576.0:F0} MB SQLite file";
            Console.WriteLine($"Made {await db.Plans.CountAsync():N0} plans ({await db.Plans.CountAsync(p => p.RetentionStartsOn != null):N0} with the retention clock started), "
                + $"{await db.AuditEntries.CountAsync():N0} audit lines, {await db.OutgoingEmails.CountAsync():N0} emails, {await db.Users.CountAsync():N0} users in {generate.Elapsed.TotalSeconds:F0} s; {size}");
        }

        var retention = app.Services.GetRequiredService<RetentionService>();
        await Measure.RunAsync("Retention (first night: every plan past its date)", async () => (await retention.RunAsync()).Summary);
        await Measure.RunAsync("Retention (next night: nothing to do)", async () => (await retention.RunAsync()).Summary);
        await using (var db = await dbFactory.CreateDbContextAsync())
            Console.WriteLine($"Anonymised: {await db.Plans.CountAsync(p => p.AnonymisedUtc != null):N0}; still named: {await db.Plans.CountAsync(p => p.ChildFirstName != null):N0}");
    }
}
