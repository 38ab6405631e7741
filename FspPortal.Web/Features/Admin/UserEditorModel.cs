using FluentValidation;
using FspPortal.Domain.Accounts;
using FspPortal.Web.Data;

namespace FspPortal.Web.Features.Admin;

/// <summary>What an admin types to create or edit an account.</summary>
public sealed class UserEditorModel
{
    public string? Id { get; set; }
    public string FullName { get; set; } = "";
    public string Email { get; set; } = "";
    public string Agency { get; set; } = "";
    public string JobTitle { get; set; } = "";
    public string Phone { get; set; } = "";
    public bool IsAdmin { get; set; }
    public bool IsPractitioner { get; set; } = true;
    public bool IsManager { get; set; }
    /// <summary>For a manager: the agency code whose figures they see, or empty for the whole council.</summary>
    public string ManagesAgency { get; set; } = "";

    public IReadOnlyList<string> Roles =>
        [.. IsAdmin ? [Data.Roles.Admin] : Array.Empty<string>(), .. IsPractitioner ? [Data.Roles.Practitioner] : Array.Empty<string>(),
         .. IsManager ? [Data.Roles.Manager] : Array.Empty<string>()];
}

public sealed class UserEditorModelValidator : AbstractValidator<UserEditorModel>
{
    public UserEditorModelValidator()
    {
        RuleFor(m => m.FullName).NotEmpty().WithMessage("Enter the person's full name.")
            .MaximumLength(200).WithMessage("The name must be 200 characters or fewer.");
        RuleFor(m => m.Email).NotEmpty().WithMessage("Enter a work email address.")
            .EmailAddress().WithMessage("Enter an email address like name@example.org.")
            .MaximumLength(256).WithMessage("The email address must be 256 characters or fewer.");
        RuleFor(m => m.Agency).NotEmpty().WithMessage("Enter the agency, for example School or Health Visitor.")
            .MaximumLength(200).WithMessage("The agency must be 200 characters or fewer.");
        RuleFor(m => m.JobTitle).MaximumLength(200).WithMessage("The job title must be 200 characters or fewer.");
        RuleFor(m => m.Phone).Custom((phone, context) =>
        {
            if (string.IsNullOrWhiteSpace(phone)) return;
            if (!PhoneNumber.TryNormalise(phone, out _, out var error)) context.AddFailure(error!);
        });
        RuleFor(m => m.IsPractitioner).Must((m, _) => m.IsAdmin || m.IsPractitioner || m.IsManager)
            .WithMessage("Choose at least one role.");
    }
}

/// <summary>A visitor's request for an account (the public Request access form).</summary>
public sealed class AccessRequestModel
{
    public string FullName { get; set; } = "";
    public string Email { get; set; } = "";
    public string Agency { get; set; } = "";
    public string JobTitle { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Reason { get; set; } = "";
}

public sealed class AccessRequestModelValidator : AbstractValidator<AccessRequestModel>
{
    public AccessRequestModelValidator()
    {
        RuleFor(m => m.FullName).NotEmpty().WithMessage("Enter your full name.")
            .MaximumLength(200).WithMessage("Your name must be 200 characters or fewer.");
        RuleFor(m => m.Email).NotEmpty().WithMessage("Enter your work email address.")
            .EmailAddress().WithMessage("Enter an email address like name@example.org.")
            .MaximumLength(256).WithMessage("The email address must be 256 characters or fewer.");
        RuleFor(m => m.Agency).NotEmpty().WithMessage("Enter your agency, for example School or Health Visitor.")
            .MaximumLength(200).WithMessage("The agency must be 200 characters or fewer.");
        RuleFor(m => m.JobTitle).NotEmpty().WithMessage("Enter your role or job title.")
            .MaximumLength(200).WithMessage("The role must be 200 characters or fewer.");
        RuleFor(m => m.Phone).NotEmpty().WithMessage("Enter a work phone number.")
            .Custom((phone, context) =>
            {
                if (!string.IsNullOrWhiteSpace(phone) && !PhoneNumber.TryNormalise(phone, out _, out var error)) context.AddFailure(error!);
            });
        RuleFor(m => m.Reason).MaximumLength(2000).WithMessage("Please keep this to 2000 characters or fewer.");
    }
}
