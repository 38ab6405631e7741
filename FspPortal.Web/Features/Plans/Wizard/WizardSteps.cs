using FluentValidation;

namespace FspPortal.Web.Features.Plans.Wizard;

/// <summary>One step of Create New FSP Plan: its number, heading, form and validator.</summary>
public sealed record WizardStep(int Number, string Title, Type ModelType, Func<StepContext, IValidator> CreateValidator)
{
    public StepModel CreateModel() => (StepModel)Activator.CreateInstance(ModelType)!;
}

/// <summary>The nine steps of SPEC §3 with the seed guide's wording, then "Check your answers".</summary>
public static class WizardSteps
{
    public const int CheckAnswers = 10;

    public static readonly IReadOnlyList<WizardStep> All =
    [
        new(1, "Consent and practitioner", typeof(ConsentStep), c => new ConsentStepValidator(c)),
        new(2, "Focus child and main parent", typeof(ChildAndParentsStep), c => new ChildAndParentsStepValidator(c)),
        new(3, "Family members and important people", typeof(FamilyMembersStep), c => new FamilyMembersStepValidator(c)),
        new(4, "Contacts, key information and services", typeof(ContactsStep), _ => new ContactsStepValidator()),
        new(5, "Family's Story", typeof(FamilyStoryStep), _ => new FamilyStoryStepValidator()),
        new(6, "Child's Story", typeof(ChildStoriesStep), _ => new ChildStoriesStepValidator()),
        new(7, "Aspects of Life", typeof(AspectsStep), _ => new AspectsStepValidator()),
        new(8, "Practitioner Summary and Family Plan", typeof(SummaryAndPlanStep), c => new SummaryAndPlanStepValidator(c)),
        new(9, "Family name and next review", typeof(FinishStep), c => new FinishStepValidator(c)),
    ];

    public static WizardStep? Get(int number) => All.FirstOrDefault(s => s.Number == number);
}
