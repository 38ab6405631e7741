using FluentValidation.Results;

namespace FspPortal.Web.Components.Shared;

/// <summary>Errors of a static (non-interactive) form, by field, in the order they were found.</summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Message)> items = [];

    public bool Any => items.Count > 0;
    public IReadOnlyList<(string Field, string Message)> All => items;

    public string? For(string field) =>
        items.Where(i => i.Field == field).Select(i => i.Message).FirstOrDefault();

    public void Add(string field, string message) => items.Add((field, message));

    public static FormErrors From(ValidationResult result)
    {
        var errors = new FormErrors();
        foreach (var failure in result.Errors) errors.Add(failure.PropertyName, failure.ErrorMessage);
        return errors;
    }
}
