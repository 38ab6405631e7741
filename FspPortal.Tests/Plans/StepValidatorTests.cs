using FluentValidation;
using FspPortal.Domain.Reference;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Features.Reference;

namespace FspPortal.Tests.Plans;

/// <summary>Each step's rules, with the messages people read.</summary>
[Trait("Category", "Unit")]
public sealed class StepValidatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 2);
    private static readonly StepContext Context = new(Today, new ReferenceSnapshot(
        ReferenceLists.Defaults.SelectMany(l => l.Value.Select((e, i) => new ReferenceItem { ListName = l.Key, Code = e.Code, Label = e.Label, SortOrder = i, IsActive = e.Code != "crime" || l.Key != ReferenceLists.Aspects })).ToList()));

    private static Dictionary<string, string> Errors(IValidator validator, StepModel model) =>
        validator.Validate(new ValidationContext<object>(model)).Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.First().ErrorMessage);

    private static ConsentStep GoodConsent() => new()
    {
        AgreesToSharing = true, ConsentGivenBy = "Jane", ConsentDate = "2026-11-01", PractitionerName = "Sam", Agency = "school", Role = "Lead",
        Email = "sam@example.org", Phone = "023 9268 8000 ext. 123", Prompt = "family-request",
    };

    [Fact]
    public void Step_1_a_complete_form_passes() => Assert.Empty(Errors(new ConsentStepValidator(Context), GoodConsent()));

    [Fact]
    public void Step_1_every_mandatory_field_is_named_when_empty()
    {
        var errors = Errors(new ConsentStepValidator(Context), new ConsentStep());
        Assert.Equal(["Agency", "AgreesToSharing", "ConsentDate", "ConsentGivenBy", "Email", "Phone", "PractitionerName", "Prompt", "Role"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("ConsentDate", "2026-11-03", "cannot be in the future")]
    [InlineData("ConsentDate", "2026-02-30", "must be a real date")]
    [InlineData("ConsentDate", "30/02/2026", "must be a real date")]
    [InlineData("ConsentDate", "01/01/0001", "between the years 1900 and 2100")]
    [InlineData("ConsentDate", "11/30/2026", "must be a real date")]   // month first (en-US) is not a UK date
    [InlineData("ConsentDate", "03/11/2026", "cannot be in the future")] // 3 November, day first
    [InlineData("Phone", "call me", "digits")]
    [InlineData("Phone", "0999 999 9999", "not a UK phone number in use")]
    [InlineData("Agency", "made-up", "Choose an agency from the list.")]
    [InlineData("Email", "not an email", "email address like")]
    public void Step_1_bad_values_are_explained(string field, string value, string message)
    {
        var model = GoodConsent();
        typeof(ConsentStep).GetProperty(field)!.SetValue(model, value);
        Assert.Contains(message, Errors(new ConsentStepValidator(Context), model)[field]);
    }

    [Theory]
    [InlineData("01/11/2026")]
    [InlineData("1/11/2026")]
    [InlineData("01.11.2026")]
    [InlineData("2026-11-01")]   // ISO, as drafts kept before dates were typed day first
    public void Dates_are_day_first_as_typed_in_the_UK(string typed)
    {
        var model = GoodConsent();
        model.ConsentDate = typed;
        Assert.False(Errors(new ConsentStepValidator(Context), model).ContainsKey("ConsentDate"));
        Assert.Equal(new DateOnly(2026, 11, 1), FspPortal.Web.Features.Plans.Wizard.StepModel.Date(typed));
    }

    [Theory]
    [InlineData("+44 (0)23 9268 1234 ext 12")]
    [InlineData("0113 496 0000")]
    [InlineData("07700 900123")]
    public void Step_1_takes_phone_numbers_as_councils_print_them(string phone)
    {
        var model = GoodConsent();
        model.Phone = phone;
        Assert.False(Errors(new ConsentStepValidator(Context), model).ContainsKey("Phone"));
    }

    [Fact]
    public void Step_1_other_prompt_needs_words()
    {
        var model = GoodConsent();
        model.Prompt = ReferenceLists.Other;
        Assert.Equal("Say what is prompting this FSP.", Errors(new ConsentStepValidator(Context), model)["PromptOther"]);
    }

    [Fact]
    public void Step_1_an_over_long_name_states_the_limit()
    {
        var model = GoodConsent();
        model.ConsentGivenBy = new string('a', 201);
        Assert.Equal("Who gave consent must be 200 characters or fewer.", Errors(new ConsentStepValidator(Context), model)["ConsentGivenBy"]);
    }

    [Fact]
    public void Step_2_child_address_and_parents_are_checked_by_path()
    {
        var errors = Errors(new ChildAndParentsStepValidator(Context), new ChildAndParentsStep
        {
            DateOfBirth = "2027-01-01", Address = new AddressForm { Postcode = "nonsense" },
            MainParent = new ParentForm { SameAddressAsChild = false }, HasSecondParent = true,
            SecondParent = new ParentForm { Name = "Tom", Relationship = "father", SameAddressAsChild = false, AddressKnown = false },
        });
        Assert.Equal("The date of birth cannot be in the future.", errors["DateOfBirth"]);
        Assert.Equal("Enter a UK postcode, like PO1 2AB.", errors["Address.Postcode"]);
        Assert.Equal("Enter the first line of the main parent or carer's address.", errors["MainParent.Address.Line1"]);
        Assert.DoesNotContain(errors.Keys, k => k.StartsWith("SecondParent")); // no address needed for the second parent
    }

    [Fact]
    public void Step_2_an_adult_is_not_a_focus_child() =>
        Assert.Equal("The focus child must be under 18.",
            Errors(new ChildAndParentsStepValidator(Context), new ChildAndParentsStep { DateOfBirth = "2008-11-01" })["DateOfBirth"]);

    [Fact]
    public void Step_3_part_of_fsp_needs_a_child_and_each_person_a_name()
    {
        var errors = Errors(new FamilyMembersStepValidator(Context), new FamilyMembersStep
        {
            Members = [new() { Name = "Dad", Relationship = "father", DateOfBirth = "1980-01-01", PartOfFsp = true }, new() { Relationship = "friend" }],
        });
        Assert.StartsWith("Only a child can be part of the FSP", errors["Members[0].DateOfBirth"]);
        Assert.Equal("Enter a name, or remove this person.", errors["Members[1].Name"]);
    }

    [Fact]
    public void Step_4_an_interpreter_needs_a_language() =>
        Assert.Equal("Enter the language the interpreter is for.", Errors(new ContactsStepValidator(), new ContactsStep { InterpreterNeeded = true })["Language"]);

    [Fact]
    public void Step_5_long_text_is_limited_to_4000_characters() =>
        Assert.Equal("Past events must be 4000 characters or fewer.", Errors(new FamilyStoryStepValidator(), new FamilyStoryStep { PastEvents = new string('a', 4001) })["PastEvents"]);

    [Fact]
    public void Step_6_is_optional() => Assert.Empty(Errors(new ChildStoriesStepValidator(), new ChildStoriesStep { Stories = [new() { ChildKey = "main" }] }));

    [Theory]
    [InlineData("", "choose a score from 1 to 10, or N/A")]
    [InlineData("11", "a score is from 1 to 10, or N/A")]
    [InlineData("0", "a score is from 1 to 10, or N/A")]
    public void Step_7_every_aspect_needs_a_score_from_1_to_10_or_NA(string score, string message) =>
        Assert.Equal($"Secure housing: {message}.", Errors(new AspectsStepValidator(), new AspectsStep { Scores = [new() { AspectCode = "housing", Label = "Secure housing", Score = score }] })["Scores[0].Score"]);

    [Fact]
    public void Step_7_NA_and_scores_pass() =>
        Assert.Empty(Errors(new AspectsStepValidator(), new AspectsStep { Scores = [new() { AspectCode = "a", Score = "NA" }, new() { AspectCode = "b", Score = "10" }] }));

    [Fact]
    public void Step_8_needs_a_line_and_each_line_whole()
    {
        Assert.Equal("Add at least one line to the family plan.", Errors(new SummaryAndPlanStepValidator(Context), new SummaryAndPlanStep())["Lines"]);
        var errors = Errors(new SummaryAndPlanStepValidator(Context), new SummaryAndPlanStep { Lines = [new() { FocusArea = "crime", ScoreNow = "12" }] });
        Assert.Equal("Choose a focus area from the list.", errors["Lines[0].FocusArea"]); // a retired aspect is not offered for new lines
        Assert.Equal("The score now is from 1 to 10.", errors["Lines[0].ScoreNow"]);
        Assert.Equal("Enter who will do it.", errors["Lines[0].Who"]);
    }

    [Fact]
    public void Step_8_a_line_without_its_focus_area_asks_only_for_that_the_rest_is_not_on_the_page_yet()
    {
        var errors = Errors(new SummaryAndPlanStepValidator(Context), new SummaryAndPlanStep { Lines = [new() { FocusArea = "education" }, new()] });
        Assert.Equal("Choose a focus area, or remove this line.", errors["Lines[1].FocusArea"]);
        Assert.DoesNotContain(errors.Keys, k => k.StartsWith("Lines[1].") && k != "Lines[1].FocusArea");
        Assert.Equal("Enter who will do it.", errors["Lines[0].Who"]); // an opened line is checked in full
    }

    [Theory]
    [InlineData("2026-11-02", "The next review must be after today.")]
    [InlineData("2026-11-01", "The next review must be after today.")]
    [InlineData("", "Enter the date of the next review.")]
    public void Step_9_the_next_review_is_after_today(string date, string message) =>
        Assert.Equal(message, Errors(new FinishStepValidator(Context), new FinishStep { FamilyName = "Smith", ReviewDate = date })["ReviewDate"]);

    [Fact]
    public void Step_9_a_wrong_time_is_explained() =>
        Assert.Equal("Enter a time like 14:30.", Errors(new FinishStepValidator(Context), new FinishStep { FamilyName = "S", ReviewDate = "2026-12-01", ReviewTime = "25:99" })["ReviewTime"]);
}
