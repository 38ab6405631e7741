using System.Globalization;
using FspPortal.Domain.Common;

namespace FspPortal.Domain.Plans;

/// <summary>How a need moved since the last review (or since the plan was finished).</summary>
public enum NeedProgress { Worse = 0, NoChange = 1, Improving = 2 }

/// <summary>At closure: did the family make significant and sustained progress on a need?</summary>
public enum ProgressAtClosure { No = 0, Partly = 1, Yes = 2 }

/// <summary>A need's progress as recorded at a review.</summary>
public sealed record NeedReviewed(string OutcomeCode, NeedProgress Progress);

/// <summary>A need's outcome as recorded at closure, with the evidence when progress is claimed.</summary>
public sealed record NeedOutcome(string OutcomeCode, ProgressAtClosure Progress, string? Evidence);

/// <summary>At the 6-month check: was the progress claimed on a need kept up?</summary>
public sealed record NeedSustained(string OutcomeCode, bool Sustained);

/// <summary>The 6-month check after closure: per need whose progress was claimed, whether it was sustained.</summary>
public sealed record SustainedCheck(IReadOnlyList<NeedSustained> Needs, string? Note, string RecordedByUserId, DateTime RecordedUtc);

/// <summary>
/// Outcomes (issue 17): the family's needs are headline outcomes of the Supporting Families outcome framework, which
/// are the aspects of life (SPEC §9). Needs are chosen at completion (pre-selected from low scores and the family plan's
/// focus areas), progress on each is recorded at every review, closure says per need whether the family made significant
/// and sustained progress, and six months later the coordinator records whether it was sustained.
/// </summary>
public sealed partial class Plan
{
    /// <summary>A score of this or lower marks an aspect as a need: 1–4, below the middle of the 1–10 scale.</summary>
    public const int LowScoreAtMost = 4;

    /// <summary>How long after closure the coordinator checks whether the progress claimed was sustained.</summary>
    public const int SustainedCheckMonths = 6;

    private List<string>? needs;

    /// <summary>The family's needs (outcome codes, which are aspect codes), in the order chosen. Empty until chosen.</summary>
    public IReadOnlyList<string> Needs => needs ?? [];

    /// <summary>Whether the needs were chosen (a plan finished before needs were recorded has none).</summary>
    public bool NeedsChosen => needs is not null;

    /// <summary>What the needs would be if nobody chose: every aspect scored <see cref="LowScoreAtMost"/> or lower, then the open lines' focus areas.</summary>
    public IReadOnlyList<string> SuggestedNeeds() =>
        aspectScores.Where(s => s.Score is <= LowScoreAtMost).Select(s => s.AspectCode)
            .Concat(planLines.Where(l => !l.IsClosed && !string.IsNullOrWhiteSpace(l.FocusAreaCode)).Select(l => l.FocusAreaCode!))
            .Distinct().ToList();

    /// <summary>
    /// Records which outcomes are the family's needs. A finished plan keeps at least one; each is an outcome of the list
    /// (<paramref name="knownOutcomeCodes"/>, retired ones included, so an old plan's needs still read).
    /// </summary>
    public void ChooseNeeds(IEnumerable<string> outcomeCodes, IReadOnlyCollection<string> knownOutcomeCodes)
    {
        if (Anonymised is not null) throw new DomainException("This plan has been anonymised.");
        var list = outcomeCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList();
        if (list.FirstOrDefault(c => !knownOutcomeCodes.Contains(c)) is { } unknown) throw new DomainException($"\"{unknown}\" is not one of the outcomes.");
        if (list.Count == 0 && Status != PlanStatus.Draft) throw new DomainException("Choose at least one of the family's needs.");
        if (Status == PlanStatus.Closed && !list.SequenceEqual(Needs)) throw new DomainException("This plan is closed: reopen it to change the family's needs.");
        NoteEdit(PlanSections.Needs, Needs, list);
        needs = list;
    }

    /// <summary>Whether the closure claimed progress (yes or partly) on any need: what makes a 6-month check due.</summary>
    public bool ProgressClaimed => Status == PlanStatus.Closed && Closure?.Outcomes?.Any(o => o.Progress != ProgressAtClosure.No) == true;

    /// <summary>The needs whose progress was claimed at closure: the ones the 6-month check asks about.</summary>
    public IReadOnlyList<string> NeedsToCheck =>
        ProgressClaimed ? Closure!.Outcomes!.Where(o => o.Progress != ProgressAtClosure.No).Select(o => o.OutcomeCode).ToList() : [];

    /// <summary>When the 6-month check falls due (closed with progress claimed), recorded or not; null otherwise.</summary>
    public DateOnly? SustainedCheckDueOn(TimeZoneInfo zone) =>
        ProgressClaimed ? DayIn(Closure!.ClosedUtc, zone).AddMonths(SustainedCheckMonths) : null;

    /// <summary>The 6-month check still to record: its due date, or null when none is owed (or it was recorded).</summary>
    public DateOnly? SustainedCheckOwedOn(TimeZoneInfo zone) => Closure?.Sustained is null ? SustainedCheckDueOn(zone) : null;

    /// <summary>
    /// Records the 6-month check: once, by a coordinator, from its due date, for a plan closed with progress claimed;
    /// one answer for each need whose progress was claimed.
    /// </summary>
    public void RecordSustainedCheck(string userId, IReadOnlyList<NeedSustained> answers, string? note, DateTime nowUtc, TimeZoneInfo zone)
    {
        if (Anonymised is not null) throw new DomainException("This plan has been anonymised.");
        if (Status != PlanStatus.Closed) throw new DomainException("The 6-month check is recorded after the plan is closed.");
        if (!ProgressClaimed) throw new DomainException("No progress was claimed when this plan was closed, so there is no 6-month check.");
        if (Closure!.Sustained is not null) throw new DomainException("The 6-month check has already been recorded.");
        if (!IsActiveCoordinator(userId)) throw new DomainException("Only the plan's coordinator can record the 6-month check.");
        var due = SustainedCheckDueOn(zone)!.Value;
        if (DayIn(nowUtc, zone) < due) throw new DomainException($"The 6-month check is due on {due.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}: it can be recorded from then.");
        var asked = NeedsToCheck;
        if (answers.Select(a => a.OutcomeCode).Distinct().Count() != answers.Count || asked.Count != answers.Count || asked.Any(code => answers.All(a => a.OutcomeCode != code)))
            throw new DomainException("Say for each need whether the progress was sustained.");
        CheckLength(note, "The note", TextLimits.Long);
        Closure = Closure with { Sustained = new SustainedCheck([.. answers], string.IsNullOrWhiteSpace(note) ? null : note.Trim(), userId, nowUtc) };
        events.Add(new SustainedCheckRecorded(answers.Count(a => a.Sustained), answers.Count));
    }

    /// <summary>Checks a review's progress on the needs: one answer for each of the plan's needs.</summary>
    private IReadOnlyList<NeedReviewed>? ReviewedNeeds(IReadOnlyList<NeedReviewed>? answers)
    {
        if (Needs.Count == 0) return null;
        var list = answers ?? [];
        if (list.Select(a => a.OutcomeCode).Distinct().Count() != list.Count || list.Count != Needs.Count || Needs.Any(code => list.All(a => a.OutcomeCode != code)))
            throw new DomainException("Record the progress on each of the family's needs.");
        return [.. list];
    }

    /// <summary>Checks the closure's answer per need: one for each, with evidence when progress is claimed.</summary>
    private IReadOnlyList<NeedOutcome>? ClosureOutcomes(IReadOnlyList<NeedOutcome>? outcomes)
    {
        if (Needs.Count == 0) return null;
        var list = outcomes ?? [];
        if (list.Select(o => o.OutcomeCode).Distinct().Count() != list.Count || list.Count != Needs.Count || Needs.Any(code => list.All(o => o.OutcomeCode != code)))
            throw new DomainException("Say for each of the family's needs whether they made significant and sustained progress: yes, partly or no.");
        foreach (var o in list)
        {
            if (o.Progress != ProgressAtClosure.No && string.IsNullOrWhiteSpace(o.Evidence))
                throw new DomainException("Give the evidence for each need where the family made progress (yes or partly).");
            CheckLength(o.Evidence, "The evidence", TextLimits.Long);
        }
        return [.. list.Select(o => o with { Evidence = string.IsNullOrWhiteSpace(o.Evidence) ? null : o.Evidence.Trim() })];
    }
}
