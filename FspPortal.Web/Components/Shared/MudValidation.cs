using FluentValidation;

namespace FspPortal.Web.Components.Shared;

/// <summary>Binds a FluentValidation validator to MudForm fields (MudBlazor's documented pattern).</summary>
public static class MudValidation
{
    public static Func<object, string, Task<IEnumerable<string>>> For<T>(AbstractValidator<T> validator) => async (model, propertyName) =>
    {
        var result = await validator.ValidateAsync(ValidationContext<T>.CreateWithOptions((T)model, x => x.IncludeProperties(propertyName)));
        return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
    };
}
