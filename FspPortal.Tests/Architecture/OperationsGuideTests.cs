using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Account;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Jobs;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Retention;
using FspPortal.Web.Realtime;

namespace FspPortal.Tests.Architecture;

/// <summary>docs/operations.md lists every setting the portal reads: a setting added to an options class, or to appsettings.json, without its line fails here.</summary>
[Trait("Category", "Unit")]
public sealed class OperationsGuideTests
{

    public static TheoryData<string> Settings()
    {
        var settings = new TheoryData<string>();
        foreach (var (section, type) in new (string, Type)[]
                 {
                     (SecurityOptions.Section, typeof(SecurityOptions)), (DocumentOptions.Section, typeof(DocumentOptions)),
                     (StorageOptions.Section, typeof(StorageOptions)), (EmailOptions.Section, typeof(EmailOptions)),
                     (OutboxOptions.Section, typeof(OutboxOptions)), (DashboardOptions.Section, typeof(DashboardOptions)),
                     (JobOptions.Section, typeof(JobOptions)), (RetentionOptions.Section, typeof(RetentionOptions)),
                     (FspPortal.Web.Features.Privacy.PrivacyOptions.Section, typeof(FspPortal.Web.Features.Privacy.PrivacyOptions)),
                     (FspPortal.Web.Features.Operations.LiveCircuitOptions.Section, typeof(FspPortal.Web.Features.Operations.LiveCircuitOptions)),
                 })
            foreach (var property in type.GetProperties().Where(p => p.CanWrite))
                settings.Add($"{section}:{property.Name}");
        // And every key of appsettings.json (Logging's levels are covered by one line).
        foreach (var key in Keys(System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Support.Repository.Root, "appsettings.json"))).RootElement, ""))
            if (!key.StartsWith("Logging:", StringComparison.Ordinal)) settings.Add(key);
        return settings;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_operations_guide_lists_the_setting(string setting) =>
        Assert.Contains($"`{setting}`", File.ReadAllText(Path.Combine(Support.Repository.Root, "docs", "operations.md")).Replace("`, `", "` `"));

    private static IEnumerable<string> Keys(System.Text.Json.JsonElement element, string prefix)
    {
        foreach (var property in element.EnumerateObject())
            if (property.Value.ValueKind == System.Text.Json.JsonValueKind.Object)
                foreach (var key in Keys(property.Value, prefix + property.Name + ":")) yield return key;
            else yield return prefix + property.Name;
    }
}
