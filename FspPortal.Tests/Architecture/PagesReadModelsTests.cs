using System.Reflection;
using FspPortal.Domain.Plans;
using Microsoft.AspNetCore.Components;

namespace FspPortal.Tests.Architecture;

/// <summary>
/// Pages get read models (ARCHITECTURE rule 13): no component holds the Plan aggregate or its stored state, directly or
/// inside a record it is given — so nothing on a page can change a plan except through a service.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PagesReadModelsTests
{
    private static readonly Type[] Forbidden = [typeof(Plan), typeof(PlanState)];

    [Fact]
    public void No_component_holds_the_plan_aggregate_or_its_state()
    {
        var web = typeof(FspPortal.Web.Features.Plans.PlanDetails).Assembly;
        var components = web.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.NotEmpty(components);

        var offenders = new List<string>();
        foreach (var component in components)
        {
            for (var type = component; type is not null && type.Assembly == web; type = type.BaseType)
                foreach (var (name, memberType) in Members(type))
                {
                    if (Holds(memberType)) offenders.Add($"{component.Name}.{name}: {memberType.Name}");
                    // One level into the page's own records (PlanOverview, PlanForEdit, ReviewSession, …).
                    foreach (var inner in ElementTypes(memberType).Where(t => t.Namespace?.StartsWith("FspPortal.Web", StringComparison.Ordinal) == true))
                        foreach (var property in inner.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => Holds(p.PropertyType)))
                            offenders.Add($"{component.Name}.{name} → {inner.Name}.{property.Name}: {property.PropertyType.Name}");
                }
        }
        Assert.Empty(offenders);
    }

    private static IEnumerable<(string Name, Type Type)> Members(Type type)
    {
        const BindingFlags declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(declared)) yield return (field.Name, field.FieldType);
        foreach (var property in type.GetProperties(declared)) yield return (property.Name, property.PropertyType);
    }

    private static bool Holds(Type type) => ElementTypes(type).Any(t => Forbidden.Contains(t));

    private static IEnumerable<Type> ElementTypes(Type type)
    {
        yield return type;
        if (type.IsArray) foreach (var t in ElementTypes(type.GetElementType()!)) yield return t;
        if (type.IsGenericType) foreach (var argument in type.GetGenericArguments()) foreach (var t in ElementTypes(argument)) yield return t;
    }
}
