using System.Text.Json.Nodes;

namespace FspPortal.Web.Features.Plans.Wizard;

/// <summary>
/// Someone else saved the plan while this person had a step open. Reloading the step takes their saved values and keeps
/// this person's typing: a three-way merge of the step's form (as JSON) from what was saved when the step opened
/// (<c>base</c>), what this person has typed (<c>mine</c>) and what is saved now (<c>theirs</c>). Where only one side
/// changed something, that side wins; where both changed the same field, the typing here stays (it is about to be saved).
/// Lists of different lengths (a person added on one side) keep this person's list whole.
/// </summary>
public static class StepMerge
{
    public static string Merge(string baseJson, string mineJson, string theirsJson) =>
        Merge(JsonNode.Parse(baseJson), JsonNode.Parse(mineJson), JsonNode.Parse(theirsJson))?.ToJsonString() ?? "null";

    private static JsonNode? Merge(JsonNode? before, JsonNode? mine, JsonNode? theirs)
    {
        if (JsonNode.DeepEquals(mine, before)) return theirs?.DeepClone();
        if (JsonNode.DeepEquals(theirs, before) || JsonNode.DeepEquals(theirs, mine)) return mine?.DeepClone();
        if (mine is JsonObject mineObject && theirs is JsonObject theirsObject && before is JsonObject beforeObject)
        {
            var merged = new JsonObject();
            foreach (var key in mineObject.Select(p => p.Key).Union(theirsObject.Select(p => p.Key)))
                merged[key] = Merge(beforeObject[key], mineObject[key], theirsObject[key]);
            return merged;
        }
        if (mine is JsonArray mineArray && theirs is JsonArray theirsArray && before is JsonArray beforeArray
            && mineArray.Count == beforeArray.Count && theirsArray.Count == beforeArray.Count)
            return new JsonArray(Enumerable.Range(0, mineArray.Count).Select(i => Merge(beforeArray[i], mineArray[i], theirsArray[i])).ToArray());
        return mine?.DeepClone();
    }
}
