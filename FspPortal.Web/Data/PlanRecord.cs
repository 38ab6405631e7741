using System.Globalization;
using System.Text.Json;
using FspPortal.Domain.Plans;

namespace FspPortal.Web.Data;

/// <summary>
/// How a plan is stored: its whole state as one JSON document (a step saves in one short UPDATE, whatever the
/// family's size), plus the columns that lists and searches need, kept in step by <see cref="Store"/>.
/// Who is on the plan lives in <see cref="PlanMemberRecord"/> rows so "my plans" is an indexed query.
/// </summary>
public sealed class PlanRecord
{
    public Guid Id { get; set; }
    public PlanStatus Status { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
    /// <summary>The plan's number (unique): given by the nightly numbering, in order of completion.</summary>
    public int? ReferenceNumber { get; set; }
    /// <summary>"FSP-000042", or null while the number is pending; derived, not stored.</summary>
    public string? Reference => ReferenceNumber is { } number ? FormatReference(number) : null;

    /// <summary>Raised by one at every save; a save over a newer one is refused (concurrency token).</summary>
    public int Version { get; set; }
    /// <summary>The furthest step saved with Next, so a draft resumes where the practitioner was.</summary>
    public int LastStep { get; set; }
    public string StateJson { get; set; } = "";

    // Search and list columns, derived from the state.
    public string? ChildFirstName { get; set; }
    public string? ChildLastName { get; set; }
    public DateOnly? ChildDateOfBirth { get; set; }
    /// <summary>Upper case without spaces, so "PO1 2AB" and "po12ab" find the same plan.</summary>
    public string? PostcodeSearch { get; set; }
    public string? FamilyName { get; set; }
    public DateOnly? NextReviewDate { get; set; }
    public DateTime? LastReviewUtc { get; set; }
    /// <summary>The last review, or the completion when none: what the "review outstanding" tiles measure from.</summary>
    public DateTime? ReviewClockStartUtc { get; set; }
    public DateTime? ClosedUtc { get; set; }
    /// <summary>Who a waiting transfer is for (a plan has at most one), so Home finds "Authorise transferred FSPs" by index.</summary>
    public string? PendingTransferToUserId { get; set; }
    /// <summary>When the waiting transfer was asked for (the sweep reminds its recipient after a few days).</summary>
    public DateTime? PendingTransferSinceUtc { get; set; }

    /// <summary>The day the retention clock started (closure, or consent withdrawn); null while it has not.</summary>
    public DateOnly? RetentionStartsOn { get; set; }
    /// <summary>The youngest focus child's date of birth (the retention rule's "until the youngest child is 25").</summary>
    public DateOnly? YoungestChildBirthDate { get; set; }
    /// <summary>An administrator's legal hold keeps the plan past its retention date.</summary>
    public bool LegalHold { get; set; }
    /// <summary>When the plan's personal data was destroyed (retention or an erasure request); it then changes no more.</summary>
    public DateTime? AnonymisedUtc { get; set; }

    /// <summary>The agency of the practitioner who made the plan (step 1): how the manager's figures are split.</summary>
    public string? AgencyCode { get; set; }
    /// <summary>When the 6-month check after closure falls due, while it is owed (closed with progress claimed, not yet recorded).</summary>
    public DateOnly? SustainedCheckDueOn { get; set; }
    /// <summary>Days from finishing to closing, while closed (the manager's "time from start to closure").</summary>
    public int? DaysToClose { get; set; }
    /// <summary>The UK day the plan was finished, and the day it was closed while closed: the manager's periods are days.</summary>
    public DateOnly? StartedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }

    public List<PlanMemberRecord> Members { get; set; } = [];

    /// <summary>One row per need of a finished plan, with its outcome: what the manager's figures count (no names in them).</summary>
    public List<PlanNeedRecord> Needs { get; set; } = [];

    /// <summary>The folded names, postcode and dates the plan is found by (<see cref="PlanSearchTerms"/>), kept in step by <see cref="Store"/>.</summary>
    public List<PlanSearchTerm> SearchTerms { get; set; } = [];
    /// <summary>The <see cref="PlanSearchTerms.Version"/> its terms were written by; older ones are rebuilt on start.</summary>
    public int SearchTermsVersion { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public Plan ToPlan() => Plan.FromState(JsonSerializer.Deserialize<PlanState>(UpgradeState(StateJson), Json)!);

    /// <summary>
    /// Reads a state written by an older version in today's shape. Before the family's "do not share with" list was
    /// structured it was <c>Consent.NotSharedWith</c>, a list of typed lines: each becomes an entry of unknown kind (person
    /// or organisation), matched against both names and agencies. The next save writes the new shape.
    /// </summary>
    public static string UpgradeState(string json)
    {
        if (!json.Contains("\"NotSharedWith\"", StringComparison.Ordinal)) return json;
        var state = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        if (state["Consent"] is not System.Text.Json.Nodes.JsonObject consent || consent["NotSharedWith"] is not System.Text.Json.Nodes.JsonArray lines) return json;
        consent.Remove("NotSharedWith");
        if (consent["DoNotShareWith"] is null)
        {
            var entries = lines.Select(l => l?.GetValue<string>()).Where(l => !string.IsNullOrWhiteSpace(l))
                .Select(l => JsonSerializer.SerializeToNode(new DoNotShareEntry(DoNotShareKind.PersonOrOrganisation, l!.Trim()), Json)).ToArray();
            consent["DoNotShareWith"] = new System.Text.Json.Nodes.JsonArray(entries);
        }
        return state.ToJsonString();
    }

    /// <summary>Writes the plan's state and the derived columns; adds, updates or deactivates member rows to match.</summary>
    public void Store(Plan plan, DateTime nowUtc)
    {
        var state = plan.ToState();
        Id = state.Id;
        Status = state.Status;
        CreatedByUserId = state.CreatedByUserId;
        CreatedUtc = state.CreatedUtc;
        CompletedUtc = state.CompletedUtc;
        UpdatedUtc = nowUtc;
        StateJson = JsonSerializer.Serialize(state, Json);
        ChildFirstName = state.Child.FirstName?.Trim();
        ChildLastName = state.Child.LastName?.Trim();
        ChildDateOfBirth = state.Child.DateOfBirth;
        PostcodeSearch = NormalisePostcode(state.Child.Address.Postcode);
        FamilyName = state.FamilyName?.Trim();
        NextReviewDate = state.NextReview.Date;
        LastReviewUtc = state.LastReviewUtc;
        ReviewClockStartUtc = state.LastReviewUtc ?? state.CompletedUtc;
        ClosedUtc = state.Status == PlanStatus.Closed ? state.Closure?.ClosedUtc : null;
        var pending = state.Transfers?.FirstOrDefault(t => t.Status == TransferStatus.Pending);
        PendingTransferToUserId = pending?.ToUserId;
        PendingTransferSinceUtc = pending?.RequestedUtc;
        RetentionStartsOn = plan.RetentionClockStartedOn(Components.Shared.UkTime.London);
        YoungestChildBirthDate = plan.YoungestFocusChildBirthDate;
        LegalHold = state.LegalHold is not null;
        AnonymisedUtc = state.Anonymised?.AnonymisedUtc;
        AgencyCode = string.IsNullOrWhiteSpace(state.Practitioner.AgencyCode) ? null : state.Practitioner.AgencyCode;
        SustainedCheckDueOn = plan.SustainedCheckOwedOn(Components.Shared.UkTime.London);
        StartedOn = UkDay(CompletedUtc);
        ClosedOn = UkDay(ClosedUtc);
        DaysToClose = ClosedUtc is { } closedUtc && CompletedUtc is { } completedUtc ? (int)Math.Round((closedUtc - completedUtc).TotalDays) : null;
        StoreNeeds(plan);

        foreach (var member in state.Members)
        {
            var row = Members.FirstOrDefault(m => m.UserId == member.UserId);
            if (row is null) Members.Add(new PlanMemberRecord { PlanId = Id, UserId = member.UserId, Role = member.Role, IsActive = member.IsActive, AddedUtc = nowUtc });
            else { row.Role = member.Role; row.IsActive = member.IsActive; }
        }
        foreach (var gone in Members.Where(r => state.Members.All(m => m.UserId != r.UserId))) gone.IsActive = false;
        StoreSearchTerms(state);
    }

    /// <summary>Keeps one row per need of a finished plan in step with the plan (the loaded <see cref="Needs"/> must be complete).</summary>
    private static DateOnly? UkDay(DateTime? utc) => utc is { } u ? DateOnly.FromDateTime(Components.Shared.UkTime.ToUk(u)) : null;

    /// <summary>Called after the plan's own columns are set: each row copies the plan's agency and days.</summary>
    private void StoreNeeds(Plan plan)
    {
        var wanted = plan.Status == PlanStatus.Draft ? [] : plan.Needs;
        Needs.RemoveAll(n => !wanted.Contains(n.OutcomeCode));
        var closure = plan.Status == PlanStatus.Closed ? plan.Closure : null;
        foreach (var code in wanted)
        {
            var row = Needs.FirstOrDefault(n => n.OutcomeCode == code);
            if (row is null) Needs.Add(row = new PlanNeedRecord { PlanId = Id, OutcomeCode = code });
            row.AgencyCode = AgencyCode;
            row.StartedOn = StartedOn;
            row.ClosedOn = ClosedOn;
            row.Progress = closure?.Outcomes?.FirstOrDefault(o => o.OutcomeCode == code)?.Progress;
            row.Sustained = closure?.Sustained?.Needs.FirstOrDefault(n => n.OutcomeCode == code)?.Sustained;
            row.CheckedOn = row.Sustained is null ? null : UkDay(closure!.Sustained!.RecordedUtc);
            row.LatestReviewProgress = plan.LatestReview?.Needs?.FirstOrDefault(n => n.OutcomeCode == code)?.Progress;
        }
    }

    /// <summary>Adds the plan's new search terms and removes those it no longer has (the loaded <see cref="SearchTerms"/> must be complete).</summary>
    public void StoreSearchTerms(PlanState state)
    {
        var terms = PlanSearchTerms.For(state);
        SearchTerms.RemoveAll(t => !terms.Contains(t.Term));
        foreach (var term in terms.Where(term => SearchTerms.All(t => t.Term != term)))
            SearchTerms.Add(new PlanSearchTerm { PlanId = Id, Term = term });
        SearchTermsVersion = PlanSearchTerms.Version;
    }

    public static string FormatReference(int number) => $"FSP-{number:D6}";

    /// <summary>Gives the plan its reference (the nightly numbering does this in SQL; seeders and tests use this).</summary>
    public void SetReference(int number) => ReferenceNumber = number;

    /// <summary>The number in "FSP-000042" (also "fsp-42"), or null when the text is not a reference.</summary>
    public static int? ParseReference(string? text) =>
        text?.Trim() is { Length: > 4 } t && t.StartsWith("FSP-", StringComparison.OrdinalIgnoreCase)
        && int.TryParse(t.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;

    public static string? NormalisePostcode(string? postcode) =>
        string.IsNullOrWhiteSpace(postcode) ? null : new string(postcode.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
}

/// <summary>Which form a draft belongs to: the plan stepper (one step) or Add review.</summary>
public enum DraftForm { PlanStep = 0, Review = 1 }

/// <summary>
/// One person's form exactly as typed (unvalidated), kept every few seconds and at every step, so nothing typed is lost:
/// a step of the plan stepper before Next validates it, or a review being added. One row per plan, person and form: two
/// people editing the same plan never overwrite each other's typing. <see cref="Step"/>: which step it holds (the
/// stepper) or where to resume (a review).
/// </summary>
public sealed class FormDraft
{
    public Guid PlanId { get; set; }
    public string UserId { get; set; } = "";
    public DraftForm Form { get; set; }
    public int Step { get; set; }
    public string Json { get; set; } = "";
    public DateTime SavedUtc { get; set; }
}

/// <summary>One folded word a plan is found by; search matches the start of a term through the (PlanId, Term) key.</summary>
public sealed class PlanSearchTerm
{
    public Guid PlanId { get; set; }
    public string Term { get; set; } = "";
}

/// <summary>
/// One need of a finished plan (an outcome code of the Supporting Families framework) and what became of it. Copies the
/// plan's agency and dates so the manager's figures are grouped counts over this one narrow table, never the plans' JSON.
/// </summary>
public sealed class PlanNeedRecord
{
    public Guid PlanId { get; set; }
    public string OutcomeCode { get; set; } = "";
    public string? AgencyCode { get; set; }
    /// <summary>The day the plan was finished (UK time).</summary>
    public DateOnly? StartedOn { get; set; }
    /// <summary>The day the plan was closed, while it is closed.</summary>
    public DateOnly? ClosedOn { get; set; }
    /// <summary>Significant and sustained progress at closure (yes / partly / no), while closed.</summary>
    public ProgressAtClosure? Progress { get; set; }
    /// <summary>The 6-month check's answer, once recorded, and the day it was.</summary>
    public bool? Sustained { get; set; }
    public DateOnly? CheckedOn { get; set; }
    /// <summary>The progress recorded at the latest review.</summary>
    public NeedProgress? LatestReviewProgress { get; set; }
}

public sealed class PlanMemberRecord
{
    public Guid PlanId { get; set; }
    public string UserId { get; set; } = "";
    public PlanRole Role { get; set; }
    public bool IsActive { get; set; }
    public DateTime AddedUtc { get; set; }
}

/// <summary>One entry of a reference list (SPEC §9). Retired entries stay (IsActive false) so old plans still read.</summary>
public sealed class ReferenceItem
{
    public int Id { get; set; }
    public string ListName { get; set; } = "";
    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}

/// <summary>
/// A document added to a plan. The bytes are one file under the data folder's <c>documents</c> folder, named
/// <see cref="StoredName"/> (generated, never the uploader's name), outside the web root.
/// </summary>
public sealed class PlanDocument
{
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    /// <summary>The uploader's file name made safe (no folders, no control or reserved characters).</summary>
    public string FileName { get; set; } = "";
    /// <summary>What the content was found to be ("PDF", "Word document", …).</summary>
    public string Kind { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }
    public string StoredName { get; set; } = "";
    /// <summary>Where the bytes are: <see cref="InFolder"/> (the data folder's documents/) or <see cref="InDatabase"/> (<see cref="DocumentChunk"/> rows).</summary>
    public string Store { get; set; } = InFolder;

    public const string InFolder = "Folder";
    public const string InDatabase = "Database";
    public string UploadedByUserId { get; set; } = "";
    public DateTime UploadedUtc { get; set; }
}

/// <summary>One piece of a document kept in the database: pieces are written and read one at a time, never the whole file.</summary>
public sealed class DocumentChunk
{
    public string StoredName { get; set; } = "";
    public int Position { get; set; }
    public byte[] Bytes { get; set; } = [];
}
