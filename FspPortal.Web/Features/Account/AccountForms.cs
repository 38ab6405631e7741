using FluentValidation;
using FspPortal.Domain.Accounts;

namespace FspPortal.Web.Features.Account;

public sealed class SignInForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    /// <summary>Set when "Sign in with a passkey" posted the form instead of "Continue".</summary>
    public PasskeyAnswer? Passkey { get; set; }
}

public sealed class SignInFormValidator : AbstractValidator<SignInForm>
{
    public SignInFormValidator()
    {
        RuleFor(f => f.Email).NotEmpty().WithMessage("Enter your email address.");
        RuleFor(f => f.Password).NotEmpty().WithMessage("Enter your password.");
    }
}

public sealed class SignInCodeForm
{
    public string? Code { get; set; }
}

public sealed class SignInCodeFormValidator : AbstractValidator<SignInCodeForm>
{
    public SignInCodeFormValidator()
    {
        RuleFor(f => f.Code).SixDigitCode("Enter the 6-digit code from your email.");
    }
}

public static class CodeRules
{
    /// <summary>A 6-digit code (spaces allowed, as people copy them): <paramref name="whenEmpty"/> when nothing is typed.</summary>
    public static IRuleBuilderOptions<T, string?> SixDigitCode<T>(this IRuleBuilder<T, string?> rule, string whenEmpty) =>
        rule.NotEmpty().WithMessage(whenEmpty)
            .Must(c => string.IsNullOrEmpty(c) || (c.Replace(" ", "").Length == 6 && c.Replace(" ", "").All(char.IsAsciiDigit)))
            .WithMessage("The code is 6 digits, like 123456.");
}

public sealed class ForgotPasswordForm
{
    public string? Email { get; set; }
}

public sealed class ForgotPasswordFormValidator : AbstractValidator<ForgotPasswordForm>
{
    public ForgotPasswordFormValidator() =>
        RuleFor(f => f.Email).NotEmpty().WithMessage("Enter your email address.")
            .EmailAddress().WithMessage("Enter an email address like name@example.org.");
}

/// <summary>Choosing a password (invitation, reset, first admin). The name and email come from the account.</summary>
public sealed class NewPasswordForm
{
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }
}

public sealed class NewPasswordFormValidator : AbstractValidator<NewPasswordForm>
{
    public NewPasswordFormValidator(string? email, string? fullName)
    {
        RuleFor(f => f.Password).Custom((password, context) =>
        {
            foreach (var problem in PasswordPolicy.Check(password, email, fullName)) context.AddFailure(problem);
        });
        RuleFor(f => f.ConfirmPassword).Equal(f => f.Password).WithMessage("The two passwords do not match.");
    }
}

/// <summary>The first admin's details, typed on the one-time set-up page.</summary>
public sealed class FirstAdminForm
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }
}

public sealed class FirstAdminFormValidator : AbstractValidator<FirstAdminForm>
{
    public FirstAdminFormValidator()
    {
        RuleFor(f => f.FullName).NotEmpty().WithMessage("Enter your full name.").MaximumLength(200).WithMessage("The name must be 200 characters or fewer.");
        RuleFor(f => f.Email).NotEmpty().WithMessage("Enter your email address.")
            .EmailAddress().WithMessage("Enter an email address like name@example.org.").MaximumLength(256);
        RuleFor(f => f.Password).Custom((password, context) =>
        {
            foreach (var problem in PasswordPolicy.Check(password, context.InstanceToValidate.Email, context.InstanceToValidate.FullName))
                context.AddFailure(problem);
        });
        RuleFor(f => f.ConfirmPassword).Equal(f => f.Password).WithMessage("The two passwords do not match.");
    }
}

public enum PasskeyOperation { Create, Request }

/// <summary>What the browser posts back from a passkey button: its answer as JSON, or why there is none.</summary>
public sealed class PasskeyAnswer
{
    public string? CredentialJson { get; set; }
    public string? Error { get; set; }
}

public sealed class AddPasskeyForm
{
    public string? Name { get; set; }
    public PasskeyAnswer? Passkey { get; set; }
}

public sealed class AppCodeForm
{
    public string? Code { get; set; }
}

public sealed class AppCodeFormValidator : AbstractValidator<AppCodeForm>
{
    public AppCodeFormValidator()
    {
        RuleFor(f => f.Code).SixDigitCode("Enter the 6-digit code your authenticator app shows now.");
    }
}

public sealed class RecoveryCodeForm
{
    public string? Code { get; set; }
}

public sealed class RecoveryCodeFormValidator : AbstractValidator<RecoveryCodeForm>
{
    public RecoveryCodeFormValidator() =>
        RuleFor(f => f.Code).NotEmpty().WithMessage("Enter one of your recovery codes, like abcde-fghjk.")
            .MaximumLength(40).WithMessage("A recovery code is 11 characters, like abcde-fghjk.");
}
