namespace FspPortal.Web.Features.Plans.Wizard;

/// <summary>A step's validation messages by field path ("Members[2].Name"), and the ids the inputs carry.</summary>
public sealed class StepErrors(IReadOnlyList<(string Field, string Message)> errors)
{
    public static readonly StepErrors None = new([]);
    public IReadOnlyList<(string Field, string Message)> All { get; } = errors;
    public bool Any => All.Count > 0;
    public string? For(string field) => All.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault();

    /// <summary>An element id for a field path: "Members[2].Name" → "f-Members-2-Name".</summary>
    public static string IdFor(string field) => "f-" + field.Replace("[", "-").Replace("].", "-").Replace("]", "").Replace(".", "-");
}

/// <summary>What a field tells the page around it: something was typed (for the autosave).</summary>
public interface IWizardHost
{
    void NotifyChanged();
}
