using Microsoft.AspNetCore.Components;

namespace FspPortal.Web.Components.Shared;

/// <summary>What assets/paste-limit.js reports when a paste did not fit a field: how much was pasted and how much kept.</summary>
public sealed class PasteCutEventArgs : EventArgs
{
    public int Kept { get; set; }
    public int Pasted { get; set; }
    public int Limit { get; set; }
}

/// <summary>Lets components write <c>@onpastecut</c>.</summary>
[EventHandler("onpastecut", typeof(PasteCutEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers;
