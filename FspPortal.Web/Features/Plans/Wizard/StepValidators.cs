using FluentValidation;
using FspPortal.Domain.Accounts;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;

namespace FspPortal.Web.Features.Plans.Wizard;

/// <summary>Rules shared by every step: limits stated in the message, dates that parse and are not in the future.</summary>
internal static class Rules
{
    public static IRuleBuilderOptions<T, string> Short<T>(this IRuleBuilder<T, string> rule, string what) =>
        rule.MaximumLength(TextLimits.Short).WithMessage(x => $"{what} must be {TextLimits.Short} characters or fewer.");

    public static IRuleBuilderOptions<T, string> Long<T>(this IRuleBuilder<T, string> rule, string what) =>
        rule.MaximumLength(TextLimits.Long).WithMessage(x => $"{what} must be {TextLimits.Long} characters or fewer.");

    public static IRuleBuilderOptions<T, string> Required<T>(this IRuleBuilder<T, string> rule, string message) =>
        rule.Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(message);

    public static IRuleBuilderOptions<T, string> ValidDate<T>(this IRuleBuilder<T, string> rule, string what) =>
        rule.Must(v => string.IsNullOrWhiteSpace(v) || StepModel.Date(v) is not null).WithMessage($"{what} must be a real date, like 27/03/2018.")
            // A real date, but one no plan could mean (01/01/0001, a year typed as 2 digits → 0026): said, not stored.
            .Must(v => StepModel.Date(v) is not { } d || d.Year is >= 1900 and <= 2100).WithMessage($"{what} must be between the years 1900 and 2100.");

    public static IRuleBuilderOptions<T, string> NotInFuture<T>(this IRuleBuilder<T, string> rule, DateOnly today, string message) =>
        rule.Must(v => StepModel.Date(v) is not { } d || d <= today).WithMessage(message);

    public static IRuleBuilderOptions<T, string> OneOf<T>(this IRuleBuilder<T, string> rule, StepContext context, string list, string message) =>
        rule.Must(v => string.IsNullOrWhiteSpace(v) || context.Reference.IsChoice(list, v)).WithMessage(message);
}

public sealed class AddressFormValidator : AbstractValidator<AddressForm>
{
    public AddressFormValidator(string whose)
    {
        RuleFor(a => a.Line1).Required($"Enter the first line of {whose} address.").Short("Address line 1");
        RuleFor(a => a.Line2).Short("Address line 2");
        RuleFor(a => a.Town).Short("Town or city");
        RuleFor(a => a.Postcode).Required($"Enter {whose} postcode.")
            .Matches(@"^\s*[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\s*$").WithMessage("Enter a UK postcode, like PO1 2AB.");
    }
}

public sealed class ConsentStepValidator : AbstractValidator<ConsentStep>
{
    public ConsentStepValidator(StepContext context)
    {
        RuleFor(s => s.AgreesToSharing).Equal(true).WithMessage("Record the family's agreement to share information, or the plan cannot go ahead.");
        RuleForEach(s => s.DoNotShare).ChildRules(entry =>
        {
            entry.RuleFor(e => e.Kind).Must(k => k is DoNotShareForm.Person or DoNotShareForm.Organisation or DoNotShareForm.Either)
                .WithMessage("Choose whether this is a person or an organisation.");
            entry.RuleFor(e => e.Name).Required("Enter the name, or remove this entry.").Short("The name");
            entry.RuleFor(e => e.Note).Short("The note");
        });
        RuleFor(s => s.ConsentGivenBy).Required("Enter who gave consent.").Short("Who gave consent");
        RuleFor(s => s.ConsentDate).Required("Enter the date consent was given.").ValidDate("The date consent was given")
            .NotInFuture(context.Today, "The date consent was given cannot be in the future.");
        RuleFor(s => s.PractitionerName).Required("Enter the practitioner's name.").Short("Practitioner name");
        RuleFor(s => s.Agency).Required("Choose an agency.").OneOf(context, ReferenceLists.Agencies, "Choose an agency from the list.");
        RuleFor(s => s.Role).Required("Enter the practitioner's role.").Short("Role");
        RuleFor(s => s.Email).Required("Enter the practitioner's email address.").EmailAddress().WithMessage("Enter an email address like name@example.org.").Short("Email");
        RuleFor(s => s.Phone).Required("Enter a phone number.").Custom((phone, ctx) =>
        {
            if (!string.IsNullOrWhiteSpace(phone) && !PhoneNumber.TryNormalise(phone, out _, out var error)) ctx.AddFailure(error!);
        });
        RuleFor(s => s.Prompt).Required("Choose what's prompting this FSP.").OneOf(context, ReferenceLists.Prompts, "Choose from the list.");
        RuleFor(s => s.PromptOther).Required("Say what is prompting this FSP.").Short("What's prompting this FSP").When(s => s.Prompt == ReferenceLists.Other);
    }
}

public sealed class ParentFormValidator : AbstractValidator<ParentForm>
{
    public ParentFormValidator(StepContext context, string who)
    {
        RuleFor(p => p.Name).Required($"Enter the {who}'s name.").Short("Name");
        RuleFor(p => p.Relationship).Required($"Choose the {who}'s relationship to the child.")
            .OneOf(context, ReferenceLists.Relationships, "Choose a relationship from the list.");
        RuleFor(p => p.Address).SetValidator(new AddressFormValidator($"the {who}'s")).When(p => !p.SameAddressAsChild && p.AddressKnown);
    }
}

public sealed class ChildAndParentsStepValidator : AbstractValidator<ChildAndParentsStep>
{
    public ChildAndParentsStepValidator(StepContext context)
    {
        RuleFor(s => s.FirstName).Required("Enter the child's first name.").Short("First name");
        RuleFor(s => s.LastName).Required("Enter the child's last name.").Short("Last name");
        RuleFor(s => s.DateOfBirth).Required("Enter the child's date of birth.").ValidDate("The date of birth")
            .NotInFuture(context.Today, "The date of birth cannot be in the future.")
            .Must(v => StepModel.Date(v) is not { } d || Plan.AgeOn(d, context.Today) < Plan.AdultAge).WithMessage("The focus child must be under 18.");
        RuleFor(s => s.Gender).OneOf(context, ReferenceLists.Genders, "Choose from the list.");
        RuleFor(s => s.SchoolOrSetting).Short("School or setting");
        RuleFor(s => s.Address).SetValidator(new AddressFormValidator("the child's"));
        RuleFor(s => s.MainParent).SetValidator(new ParentFormValidator(context, "main parent or carer"));
        RuleFor(s => s.SecondParent).SetValidator(new ParentFormValidator(context, "second parent or carer")).When(s => s.HasSecondParent);
    }
}

public sealed class FamilyMembersStepValidator : AbstractValidator<FamilyMembersStep>
{
    public FamilyMembersStepValidator(StepContext context) => RuleForEach(s => s.Members).ChildRules(member =>
    {
        member.RuleFor(m => m.Name).Required("Enter a name, or remove this person.").Short("Name");
        member.RuleFor(m => m.Relationship).Required("Choose a relationship.").OneOf(context, ReferenceLists.Relationships, "Choose a relationship from the list.");
        member.RuleFor(m => m.DateOfBirth).ValidDate("The date of birth").NotInFuture(context.Today, "The date of birth cannot be in the future.");
        member.RuleFor(m => m.DateOfBirth).Must(v => StepModel.Date(v) is { } d && Plan.AgeOn(d, context.Today) < Plan.AdultAge)
            .When(m => m.PartOfFsp).WithMessage("Only a child can be part of the FSP: enter a date of birth under 18, or untick Part of FSP.");
    });
}

public sealed class ContactsStepValidator : AbstractValidator<ContactsStep>
{
    public ContactsStepValidator()
    {
        RuleFor(s => s.ParentContactDetails).Long("Parent contact details");
        RuleFor(s => s.Language).Required("Enter the language the interpreter is for.").When(s => s.InterpreterNeeded);
        RuleFor(s => s.Language).Short("Language");
        RuleFor(s => s.AccessibilityNeeds).Long("Accessibility needs");
        RuleFor(s => s.OtherKeyInformation).Long("Other key information");
        RuleForEach(s => s.Services).ChildRules(service =>
        {
            service.RuleFor(x => x.ServiceName).Required("Enter the service, or remove this line.").Short("Service");
            service.RuleFor(x => x.ContactName).Short("Contact name");
            service.RuleFor(x => x.Role).Short("Role");
            service.RuleFor(x => x.PhoneOrEmail).Short("Phone or email");
        });
    }
}

public sealed class FamilyStoryStepValidator : AbstractValidator<FamilyStoryStep>
{
    public FamilyStoryStepValidator()
    {
        RuleFor(s => s.KeyEventsNow).Long("Key events happening now");
        RuleFor(s => s.PastEvents).Long("Past events");
    }
}

public sealed class ChildStoriesStepValidator : AbstractValidator<ChildStoriesStep>
{
    public ChildStoriesStepValidator() => RuleForEach(s => s.Stories).ChildRules(story =>
    {
        story.RuleFor(x => x.WorkingWell).Long("What is working well");
        story.RuleFor(x => x.CouldBeBetter).Long("What could be better");
        story.RuleFor(x => x.WhoTheyCanTalkTo).Long("Who they can talk to");
    });
}

public sealed class AspectsStepValidator : AbstractValidator<AspectsStep>
{
    public AspectsStepValidator() => RuleForEach(s => s.Scores).ChildRules(score =>
        score.RuleFor(x => x.Score)
            .Required("Choose a score from 1 to 10, or N/A.").WithMessage(x => $"{x.Label}: choose a score from 1 to 10, or N/A.")
            .Must(v => string.IsNullOrEmpty(v) || v == AspectsStep.NotApplicable || StepModel.Score(v) is >= 1 and <= 10)
            .WithMessage(x => $"{x.Label}: a score is from 1 to 10, or N/A."));
}

public sealed class SummaryAndPlanStepValidator : AbstractValidator<SummaryAndPlanStep>
{
    public SummaryAndPlanStepValidator(StepContext context)
    {
        RuleFor(s => s.PractitionerSummary).Long("Practitioner Summary");
        RuleFor(s => s.Lines).Must(lines => lines.Count > 0).WithMessage("Add at least one line to the family plan.");
        RuleForEach(s => s.Lines).SetValidator(new PlanLineFormValidator(context));
    }
}

/// <summary>A whole line of the family plan: the stepper's step 8 and a review's new lines.</summary>
public sealed class PlanLineFormValidator : AbstractValidator<PlanLineForm>
{
    public PlanLineFormValidator(StepContext context)
    {
        RuleFor(l => l.FocusArea).Required("Choose a focus area, or remove this line.")
            .OneOf(context, ReferenceLists.Aspects, "Choose a focus area from the list.");
        // The rest of a line opens once its focus area is chosen: until then only the focus area is asked for, so the
        // error list never points at fields the page does not show.
        When(l => !string.IsNullOrWhiteSpace(l.FocusArea), () =>
        {
            RuleFor(l => l.WhatNeedsToChange).Required("Enter what needs to change.").Long("What needs to change");
            RuleFor(l => l.WhatWillBeDone).Required("Enter what will be done.").Long("What will be done");
            RuleFor(l => l.Who).Required("Enter who will do it.").Short("Who will do it");
            RuleFor(l => l.ByWhen).Required("Enter by when.").ValidDate("By when");
            RuleFor(l => l.ScoreNow).Required("Choose the score now, from 1 to 10.")
                .Must(v => string.IsNullOrEmpty(v) || StepModel.Score(v) is >= 1 and <= 10).WithMessage("The score now is from 1 to 10.");
        });
    }
}

public sealed class FinishStepValidator : AbstractValidator<FinishStep>
{
    public FinishStepValidator(StepContext context)
    {
        RuleFor(s => s.FamilyName).Required("Enter the family name.").Short("Family name");
        RuleFor(s => s.ReviewDate).Required("Enter the date of the next review.").ValidDate("The next review date")
            .Must(v => StepModel.Date(v) is not { } d || d > context.Today).WithMessage("The next review must be after today.");
        RuleFor(s => s.ReviewTime).Must(v => string.IsNullOrWhiteSpace(v) || StepModel.Time(v) is not null).WithMessage("Enter a time like 14:30.");
        RuleFor(s => s.ReviewLocation).Short("Location");
        RuleFor(s => s.Needs).Must(needs => needs.Any(n => n.Chosen)).WithMessage("Choose at least one of the family's needs.").When(s => !s.NeedsLocked);
    }
}
