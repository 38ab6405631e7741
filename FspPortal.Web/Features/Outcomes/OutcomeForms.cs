using FluentValidation;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Features.Reference;

namespace FspPortal.Web.Features.Outcomes;

/// <summary>A need's progress as typed at a review.</summary>
public sealed class NeedProgressForm
{
    public const string Improving = "improving", NoChange = "no-change", Worse = "worse";

    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
    public string Progress { get; set; } = "";

    public static NeedProgress? ToProgress(string? value) => value switch
    {
        Improving => NeedProgress.Improving, NoChange => NeedProgress.NoChange, Worse => NeedProgress.Worse, _ => null,
    };
}

/// <summary>A need's outcome as typed at closure: significant and sustained progress, and the evidence.</summary>
public sealed class NeedOutcomeForm
{
    public const string Yes = "yes", Partly = "partly", No = "no";

    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
    public string Progress { get; set; } = "";
    public string Evidence { get; set; } = "";

    public static ProgressAtClosure? ToProgress(string? value) => value switch
    {
        Yes => ProgressAtClosure.Yes, Partly => ProgressAtClosure.Partly, No => ProgressAtClosure.No, _ => null,
    };

    public bool ClaimsProgress => ToProgress(Progress) is ProgressAtClosure.Yes or ProgressAtClosure.Partly;
}

/// <summary>A need at the 6-month check: was the progress kept up?</summary>
public sealed class NeedSustainedForm
{
    public const string Sustained = "sustained", NotSustained = "not-sustained";

    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
    public string Answer { get; set; } = "";
}

public static class OutcomeForms
{
    public static List<NeedProgressForm> ProgressFor(PlanDetails plan, ReferenceSnapshot reference) =>
        plan.Needs.Select(code => new NeedProgressForm { Code = code, Label = reference.Label(ReferenceLists.Aspects, code) }).ToList();

    public static List<NeedOutcomeForm> OutcomesFor(PlanDetails plan, ReferenceSnapshot reference) =>
        plan.Needs.Select(code => new NeedOutcomeForm { Code = code, Label = reference.Label(ReferenceLists.Aspects, code) }).ToList();

    public static List<NeedSustainedForm> SustainedFor(PlanDetails plan, ReferenceSnapshot reference) =>
        plan.NeedsToCheck.Select(code => new NeedSustainedForm { Code = code, Label = reference.Label(ReferenceLists.Aspects, code) }).ToList();

    /// <summary>
    /// Keeps a typed list in step with the plan's needs (a draft typed before a need was added or removed): answers already
    /// typed stay, new needs get an empty row, and needs no longer on the plan go.
    /// </summary>
    public static List<T> Align<T>(List<T>? typed, IReadOnlyList<string> needs, Func<string, T> make, Func<T, string> code) where T : class =>
        needs.Select(n => (typed ?? []).FirstOrDefault(t => code(t) == n) ?? make(n)).ToList();

    public static IReadOnlyList<NeedOutcome> ToOutcomes(IEnumerable<NeedOutcomeForm> forms) =>
        [.. forms.Select(f => new NeedOutcome(f.Code, NeedOutcomeForm.ToProgress(f.Progress) ?? ProgressAtClosure.No, StepModel.Text(f.Evidence)))];

    public static IReadOnlyList<NeedReviewed> ToReviewed(IEnumerable<NeedProgressForm> forms) =>
        [.. forms.Select(f => new NeedReviewed(f.Code, NeedProgressForm.ToProgress(f.Progress) ?? NeedProgress.NoChange))];
}

/// <summary>Each need's outcome at closure: chosen, with evidence when progress is claimed.</summary>
public sealed class NeedOutcomeValidator : AbstractValidator<NeedOutcomeForm>
{
    public NeedOutcomeValidator()
    {
        RuleFor(o => o.Progress).Must(v => NeedOutcomeForm.ToProgress(v) is not null)
            .WithMessage(o => $"Say whether the family made significant and sustained progress on {o.Label}: yes, partly or no.");
        RuleFor(o => o.Evidence).Required("Give the evidence of the progress.").When(o => o.ClaimsProgress);
        RuleFor(o => o.Evidence).Long("The evidence");
    }
}

public static class ClosureOutcomes
{
    /// <summary>The closure's outcomes checked as a form of their own (the overview's Close dialog), by field path "Outcomes[i].Progress".</summary>
    public static List<(string Field, string Message)> Check(IReadOnlyList<NeedOutcomeForm> outcomes)
    {
        var validator = new NeedOutcomeValidator();
        var errors = new List<(string Field, string Message)>();
        for (var i = 0; i < outcomes.Count; i++)
            errors.AddRange(validator.Validate(outcomes[i]).Errors.Select(e => ($"Outcomes[{i}].{e.PropertyName}", e.ErrorMessage)));
        return errors;
    }
}
