using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Print;
using FspPortal.Web.Features.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";
    /// <summary>False (the default): only admins answer subject access requests. True: a coordinator may too, for the plans they coordinate.</summary>
    public bool SubjectAccessByCoordinators { get; set; }
    /// <summary>How long a subject access export's download link works (it works once).</summary>
    public int ExportLinkMinutes { get; set; } = 60;
}

/// <summary>Someone found on a plan: the plan, and who they are on it.</summary>
public sealed record SubjectMatch(Guid PlanId, string? Reference, PlanStatus Status, string Role, string Name, DateOnly? DateOfBirth);

/// <summary>A finished export waiting for its one download.</summary>
public sealed record SubjectAccessExport(string Token, int Plans, int Documents, long SizeBytes, DateTime ExpiresUtc);

public static class PrivacyActions
{
    public const string SubjectAccessSearch = "Privacy.SubjectAccessSearch";
    public const string SubjectAccessExported = "Privacy.SubjectAccessExported";
    public const string SubjectAccessDownloaded = "Privacy.SubjectAccessDownloaded";
}

/// <summary>
/// A subject access request (UK GDPR Art. 15), answered with one ZIP: find a person by name (and date of birth) across
/// all plans — an admin, or by setting a coordinator among the plans they coordinate — with a reason (audited); then
/// export the plans chosen: a readable PDF of each, <c>data.json</c> (every plan, review and document record, checked
/// against <c>subject-access.schema.json</c>, which travels with it), the documents themselves, and who viewed or
/// changed each plan and when. The ZIP is kept in the data folder until its one download, or until its link expires.
/// </summary>
public sealed class SubjectAccessService(IDbContextFactory<FspDbContext> dbFactory, AuditLog audit, DocumentStores documents, PrintService print,
    ReferenceData reference, DataFolder dataFolder, IOptions<PrivacyOptions> options, TimeProvider clock, ILogger<SubjectAccessService> logger)
{
    // The PDF's fonts are set up by the print service (Pdf:FontFolder); it is taken here so that has happened.
    private readonly PrintService fontsReady = print;

    /// <summary>The authorisation policy of the page: the same rule as <see cref="MayAnswer"/>.</summary>
    public const string Policy = "SubjectAccess";

    private readonly ConcurrentDictionary<string, (string Path, string UserId, DateTime ExpiresUtc)> waiting = new();

    public PrivacyOptions Options => options.Value;
    public string Folder => Directory.CreateDirectory(Path.Combine(dataFolder.Path, "exports")).FullName;

    /// <summary>Whether <paramref name="user"/> may answer subject access requests at all.</summary>
    public bool MayAnswer(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || (options.Value.SubjectAccessByCoordinators && user.IsInRole(Roles.Practitioner));

    /// <summary>
    /// The plans on which someone of that name (every word of it) and date of birth appears: as a focus child, a parent or
    /// carer, or a family member. The search and its reason are audited (the name is not written into the audit).
    /// </summary>
    public async Task<IReadOnlyList<SubjectMatch>?> FindAsync(ClaimsPrincipal user, string? name, DateOnly? dateOfBirth, string? reason)
    {
        if (!MayAnswer(user) || string.IsNullOrWhiteSpace(reason)) return null;
        var words = SearchFolding.Words(name).Distinct().ToList();
        if (words.Count == 0) return [];
        var userId = user.UserId();
        var admin = user.IsInRole(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync();
        var first = words[0];
        var ids = db.PlanSearchTerms.Where(t => t.Term == first).Select(t => t.PlanId);
        foreach (var word in words.Skip(1)) ids = ids.Where(id => db.PlanSearchTerms.Any(t => t.PlanId == id && t.Term == word));
        if (dateOfBirth is { } born)
        {
            var dateTerm = PlanSearchTerms.DateTerm(born);
            ids = ids.Where(id => db.PlanSearchTerms.Any(t => t.PlanId == id && t.Term == dateTerm));
        }
        if (!admin) ids = ids.Where(id => db.PlanMembers.Any(m => m.PlanId == id && m.UserId == userId && m.IsActive && m.Role == PlanRole.Coordinator));
        var records = await db.Plans.AsNoTracking().Where(p => ids.Contains(p.Id) && p.AnonymisedUtc == null).OrderBy(p => p.ReferenceNumber).Take(500).ToListAsync();
        var matches = new List<SubjectMatch>();
        foreach (var record in records)
        {
            var plan = record.ToPlan();
            foreach (var (role, personName, personBorn) in People(plan))
                if (words.All(SearchFolding.Words(personName).Contains) && (dateOfBirth is null || personBorn == dateOfBirth))
                    matches.Add(new SubjectMatch(record.Id, record.Reference, record.Status, role, personName, personBorn));
        }
        await audit.WriteAsync(new AuditEvent(PrivacyActions.SubjectAccessSearch, userId, user.Identity?.Name, "SubjectAccess", null,
            Details: $"{reason.Trim()}; {matches.Select(m => m.PlanId).Distinct().Count()} plans found",
            Summary: $"Searched {(admin ? "all plans" : "the plans they coordinate")} for a subject access request ({reason.Trim()})"));
        return matches.OrderBy(m => m.Reference ?? "~").ThenBy(m => m.Role).ToList();
    }

    /// <summary>The people a plan names, with their part in it.</summary>
    private static IEnumerable<(string Role, string Name, DateOnly? DateOfBirth)> People(Plan plan)
    {
        yield return ("Focus child", plan.Child.FullName, plan.Child.DateOfBirth);
        if (plan.MainParent?.Name is { Length: > 0 } main) yield return ("Main parent or carer", main, null);
        if (plan.SecondParent?.Name is { Length: > 0 } second) yield return ("Second parent or carer", second, null);
        foreach (var member in plan.FamilyMembers.Where(m => !string.IsNullOrWhiteSpace(m.Name)))
            yield return (member.PartOfFsp ? "Focus child (family member)" : "Family member or important person", member.Name!, member.DateOfBirth);
    }

    /// <summary>
    /// Builds the ZIP of <paramref name="planIds"/> (each checked again: an admin any, a coordinator theirs), telling
    /// <paramref name="progress"/> how many plans are done. Each plan's history records that it was exported, and why.
    /// </summary>
    public async Task<SubjectAccessExport?> ExportAsync(ClaimsPrincipal user, string? subjectName, DateOnly? dateOfBirth, string? reason,
        IReadOnlyList<Guid> planIds, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!MayAnswer(user) || string.IsNullOrWhiteSpace(reason) || planIds.Count == 0) return null;
        SweepExpired();
        var userId = user.UserId();
        var admin = user.IsInRole(Roles.Admin);
        var now = clock.GetUtcNow().UtcDateTime;
        var labels = await reference.GetAsync();
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var path = Path.Combine(Folder, token + ".zip");
        var exported = new List<ExportedPlan>();
        var documentCount = 0;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                foreach (var planId in planIds.Distinct())
                {
                    var record = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId && p.AnonymisedUtc == null, cancellationToken);
                    if (record is null) continue;
                    if (!admin && !await db.PlanMembers.AnyAsync(m => m.PlanId == planId && m.UserId == userId && m.IsActive && m.Role == PlanRole.Coordinator, cancellationToken))
                        continue; // not theirs: as if it did not exist
                    var plan = record.ToPlan();
                    var name = record.Reference ?? $"plan-{planId.ToString()[..8]}";
                    var details = PlanDetails.Of(plan);
                    await WriteAsync(zip, $"plans/{name}.pdf", PdfRenderer.Render(Printout.For(details, record.Reference, labels, now)));

                    var documentRecords = new List<ExportedDocument>();
                    foreach (var (document, index) in (await db.PlanDocuments.AsNoTracking().Where(d => d.PlanId == planId).OrderBy(d => d.UploadedUtc).ToListAsync(cancellationToken)).Select((d, i) => (d, i)))
                    {
                        var entryName = $"documents/{name}/{index + 1:D3}-{document.FileName}";
                        await using var content = await documents.For(document.Store).OpenAsync(document.StoredName, document.SizeBytes, cancellationToken);
                        if (content is not null)
                        {
                            await using var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open();
                            await content.CopyToAsync(entry, cancellationToken);
                            documentCount++;
                        }
                        documentRecords.Add(new ExportedDocument(document.FileName, document.Kind, document.SizeBytes, document.UploadedUtc, content is null ? null : entryName));
                    }

                    var id = planId.ToString();
                    var lines = await db.AuditEntries.AsNoTracking().Where(a => a.TargetType == "Plan" && a.TargetId == id).OrderBy(a => a.Id)
                        .GroupJoin(db.Users, a => a.ActorUserId, u => u.Id, (a, users) => new { a, users })
                        .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new { x.a, Name = u == null ? null : u.FullName, Agency = u == null ? null : u.Agency })
                        .ToListAsync(cancellationToken);
                    var access = lines.Select(l => new ExportedAccess(l.a.OccurredUtc, AuditWording.Who(l.a, l.Name, l.Agency), l.a.Action, AuditWording.What(l.a))).ToList();
                    var csv = new StringBuilder("When (UTC),Who,What\r\n");
                    foreach (var line in access) csv.Append(CultureInfo.InvariantCulture, $"{line.WhenUtc:yyyy-MM-dd HH:mm:ss},{Csv(line.Who)},{Csv(line.What)}\r\n");
                    await WriteAsync(zip, $"access/{name}.csv", Encoding.UTF8.GetBytes(csv.ToString()));

                    exported.Add(new ExportedPlan(planId, record.Reference, plan.Status.ToString(), plan.ToState(), documentRecords, access));
                    progress?.Report(exported.Count);
                }
                var data = new ExportData(now, new ExportedSubject(subjectName?.Trim() ?? "", dateOfBirth), exported);
                await WriteAsync(zip, "data.json", JsonSerializer.SerializeToUtf8Bytes(data, Json));
                await WriteAsync(zip, "subject-access.schema.json", Encoding.UTF8.GetBytes(Schema));
                await WriteAsync(zip, "README.txt", Encoding.UTF8.GetBytes(Readme(exported.Count, documentCount, now)));
            }
            if (exported.Count == 0) { File.Delete(path); return null; }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        // Audited before the link exists: an export whose lines could not be written is deleted, never handed out.
        try
        {
            foreach (var plan in exported)
                await audit.WriteAsync(new AuditEvent(PrivacyActions.SubjectAccessExported, userId, user.Identity?.Name, "Plan", plan.Id.ToString(),
                    Details: reason.Trim(), Summary: $"Included the plan in a subject access export ({reason.Trim()})"), cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        var expires = now.AddMinutes(options.Value.ExportLinkMinutes);
        waiting[token] = (path, userId, expires);
        logger.LogInformation("Subject access export of {Plans} plans and {Documents} documents made", exported.Count, documentCount);
        return new SubjectAccessExport(token, exported.Count, documentCount, new FileInfo(path).Length, expires);
    }

    /// <summary>
    /// The export's one download, for the person who made it, before its link expires: the file is then taken (its
    /// link no longer works) and deleted once sent. Null for anyone else, a second time, or too late.
    /// </summary>
    public async Task<Stream?> TakeAsync(string token, ClaimsPrincipal user)
    {
        if (!waiting.TryGetValue(token, out var ticket) || ticket.UserId != user.UserId()) return null;
        if (!waiting.TryRemove(new KeyValuePair<string, (string, string, DateTime)>(token, ticket))) return null; // someone else took it at once
        if (ticket.ExpiresUtc <= clock.GetUtcNow().UtcDateTime)
        {
            File.Delete(ticket.Path);
            return null;
        }
        await audit.WriteAsync(new AuditEvent(PrivacyActions.SubjectAccessDownloaded, user.UserId(), user.Identity?.Name, "SubjectAccess", token[..8],
            Summary: "Downloaded a subject access export"));
        return new FileStream(ticket.Path, FileMode.Open, FileAccess.Read, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    /// <summary>
    /// Deletes exports whose link has expired: those this server made, and (at start) any file older than a link lives,
    /// left by a stopped process (a newer one may be another server's, sharing the folder).
    /// </summary>
    public int SweepExpired(bool atStart = false)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (token, ticket) in waiting.Where(w => w.Value.ExpiresUtc <= now).ToList())
            if (waiting.TryRemove(token, out _)) File.Delete(ticket.Path);
        if (!atStart) return 0;
        var swept = 0;
        foreach (var file in Directory.EnumerateFiles(Folder, "*.zip").Where(f => File.GetLastWriteTimeUtc(f) < DateTime.UtcNow.AddMinutes(-options.Value.ExportLinkMinutes)))
        {
            File.Delete(file);
            swept++;
        }
        return swept;
    }

    private static async Task WriteAsync(ZipArchive zip, string name, byte[] bytes)
    {
        await using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        await entry.WriteAsync(bytes);
    }

    private static string Csv(string text) => text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static string Readme(int plans, int documents, DateTime now) => $"""
        Subject access export from FSP Portal, made {UkTime.Format(now)} (UK time).

        plans/        a readable PDF of each of the {plans} Family Support Plan(s), as printed from the portal
        documents/    the {documents} document(s) kept with those plans, as uploaded
        access/       for each plan: who viewed or changed it, and when (from the portal's audit log)
        data.json     every plan, review and document record, machine-readable
        subject-access.schema.json   the JSON Schema that data.json follows

        This export holds personal data about children. Keep it securely and delete it once the request is answered.
        """;

    /// <summary>The shape of data.json (JSON Schema 2020-12): a test checks every export against it.</summary>
    public const string Schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://fsp-portal.example/subject-access.schema.json",
          "title": "FSP Portal subject access export",
          "type": "object",
          "required": ["exportedUtc", "subject", "plans"],
          "properties": {
            "exportedUtc": { "type": "string", "format": "date-time" },
            "subject": {
              "type": "object",
              "required": ["name"],
              "properties": { "name": { "type": "string" }, "dateOfBirth": { "type": ["string", "null"], "format": "date" } }
            },
            "plans": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["id", "status", "state", "documents", "access"],
                "properties": {
                  "id": { "type": "string", "format": "uuid" },
                  "reference": { "type": ["string", "null"] },
                  "status": { "enum": ["Draft", "Completed", "Closed"] },
                  "state": {
                    "type": "object",
                    "required": ["id", "consent", "child", "familyMembers", "aspectScores", "planLines", "members"],
                    "properties": {
                      "child": { "type": "object", "required": ["firstName", "lastName", "dateOfBirth"] },
                      "reviews": { "type": ["array", "null"], "items": { "type": "object", "required": ["number", "meetingDate", "scores", "lines"] } }
                    }
                  },
                  "documents": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["fileName", "kind", "sizeBytes", "uploadedUtc"],
                      "properties": { "pathInExport": { "type": ["string", "null"] }, "sizeBytes": { "type": "integer", "minimum": 0 } }
                    }
                  },
                  "access": {
                    "type": "array",
                    "items": { "type": "object", "required": ["whenUtc", "who", "action", "what"] }
                  }
                }
              }
            }
          }
        }
        """;

    private sealed record ExportData(DateTime ExportedUtc, ExportedSubject Subject, IReadOnlyList<ExportedPlan> Plans);
    private sealed record ExportedSubject(string Name, DateOnly? DateOfBirth);
    private sealed record ExportedPlan(Guid Id, string? Reference, string Status, PlanState State, IReadOnlyList<ExportedDocument> Documents, IReadOnlyList<ExportedAccess> Access);
    private sealed record ExportedDocument(string FileName, string Kind, long SizeBytes, DateTime UploadedUtc, string? PathInExport);
    private sealed record ExportedAccess(DateTime WhenUtc, string Who, string Action, string What);
}

/// <summary>The page's requirement: <see cref="SubjectAccessService.MayAnswer"/> (on a first request and in a live circuit alike).</summary>
public sealed class MayAnswerSubjectAccess : Microsoft.AspNetCore.Authorization.IAuthorizationRequirement;

public sealed class MayAnswerSubjectAccessHandler(IOptions<PrivacyOptions> options) : Microsoft.AspNetCore.Authorization.AuthorizationHandler<MayAnswerSubjectAccess>
{
    protected override Task HandleRequirementAsync(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context, MayAnswerSubjectAccess requirement)
    {
        if (context.User.IsInRole(Roles.Admin) || (options.Value.SubjectAccessByCoordinators && context.User.IsInRole(Roles.Practitioner))) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>The export's download: for the admin (or coordinator) who made it, once; anyone else is told "not found".</summary>
public static class SubjectAccessEndpoints
{
    public static IEndpointRouteBuilder MapSubjectAccess(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/subject-access/download/{token}", async (string token, HttpContext http, SubjectAccessService service) =>
        {
            var stream = await service.TakeAsync(token, http.User);
            if (stream is null) return Results.NotFound();
            http.Response.Headers.CacheControl = "no-store";
            return Results.Stream(stream, "application/zip", $"subject-access-{DateTime.UtcNow:yyyy-MM-dd}.zip");
        }).RequireAuthorization();
        return endpoints;
    }
}
