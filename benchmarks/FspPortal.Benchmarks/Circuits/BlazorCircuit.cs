using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FspPortal.Benchmarks.Circuits;

/// <summary>
/// One open portal page without a browser: what blazor.web.js does, over the Blazor circuit protocol (after the ASP.NET
/// team's "Ignitor" load client). Loads the prerendered page with the signed-in cookies, reads its interactive root
/// component markers and persisted state, connects to <c>/_blazor</c> (WebSockets, the "blazorpack" MessagePack
/// protocol), starts a circuit, adds the root components, and acknowledges every render batch as a browser does.
/// JavaScript calls the server makes are answered as done with no value (there is no DOM here).
/// Used by the circuit load benchmark to hold thousands of idle pages, and by the test suite to prove it really opens them.
/// </summary>
public sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly HubConnection connection;
    private readonly TaskCompletionSource firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object batchLock = new();
    private readonly List<byte[]> keptBatches = [];
    private readonly bool keepBatches;
    private readonly List<JavaScriptCall> javaScriptCalls = [];
    private long nextJsObjectId;
    private int renderBatches;
    private long renderBatchBytes;

    private readonly HttpClient http;
    private string? secret;
    private readonly RenderedPage? page;
    private TaskCompletionSource pageChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long rendererObjectId = -1;
    private long nextCallId;
    private Uri location;

    private BlazorCircuit(HubConnection connection, HttpClient http, bool keepBatches, bool keepPage, Uri location)
    {
        this.connection = connection;
        this.http = http;
        this.keepBatches = keepBatches;
        this.location = location;
        if (keepPage) page = new RenderedPage();
    }

    /// <summary>Called after each render batch is applied to the kept page (under the page's lock).</summary>
    public event Action<RenderedPage>? PageChanged;

    /// <summary>Where the page is now (it follows links and the server's navigations).</summary>
    public Uri Location { get { lock (batchLock) return location; } }

    /// <summary>Render batches received (each acknowledged).</summary>
    public int RenderBatches => Volatile.Read(ref renderBatches);

    /// <summary>Their total size in bytes, as sent.</summary>
    public long RenderBatchBytes => Interlocked.Read(ref renderBatchBytes);

    /// <summary>The error the server reported to this page ("JS.Error"), if any: the circuit is then gone.</summary>
    public string? Error { get; private set; }

    /// <summary>The JavaScript functions the server called on this page (each answered), in order.</summary>
    public IReadOnlyList<JavaScriptCall> JavaScriptCalls { get { lock (batchLock) return [.. javaScriptCalls]; } }

    public sealed record JavaScriptCall(string Identifier, string ArgumentsJson);

    public bool IsConnected => connection.State == HubConnectionState.Connected;

    /// <summary>Whether any render batch so far carries <paramref name="text"/> (strings travel as UTF-8 in a batch's string table).</summary>
    public bool RenderedText(string text)
    {
        if (!keepBatches) throw new InvalidOperationException("Open the circuit with keepBatches: true to read what it rendered.");
        var wanted = Encoding.UTF8.GetBytes(text);
        lock (batchLock) return keptBatches.Any(batch => batch.AsSpan().IndexOf(wanted) >= 0);
    }

    /// <summary>
    /// Opens <paramref name="path"/> as a signed-in browser tab would and returns once the server has sent its first render
    /// batch (the page is interactive). <paramref name="cookies"/> carries the sign-in; <paramref name="http"/> shares them.
    /// </summary>
    /// <remarks>
    /// With <paramref name="keepPage"/> the circuit keeps what the page shows (<see cref="RenderedPage"/>) so that it can
    /// act on it: <see cref="ClickAsync"/>, <see cref="InputAsync"/>, <see cref="FollowLinkAsync"/>, <see cref="WaitForAsync"/>.
    /// </remarks>
    public static async Task<BlazorCircuit> OpenAsync(HttpClient http, CookieContainer cookies, string path,
        bool keepBatches = false, CancellationToken cancellationToken = default, bool keepPage = false)
    {
        var baseAddress = http.BaseAddress ?? throw new ArgumentException("The client needs a base address.", nameof(http));
        var pageAddress = new Uri(baseAddress, path);
        using var response = await http.GetAsync(pageAddress, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: not signed in, or the page is missing.");
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        var markers = StartMarkers(html);
        if (markers.Count == 0) throw new InvalidOperationException($"{path} has no interactive server components to start.");
        var state = StateMarker().Match(html) is { Success: true } found ? found.Groups[1].Value : "";
        // The keep-alive the page gives its browser (blazor-start.js), as the browser would use it.
        var keepAlive = TimeSpan.FromSeconds(KeepAlive().Match(html) is { Success: true } setting ? int.Parse(setting.Groups[1].Value) : 15);

        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        var connection = builder
            .WithKeepAliveInterval(keepAlive)
            .WithServerTimeout(2 * keepAlive)
            .WithUrl(new Uri(baseAddress, "_blazor"), options =>
            {
                options.Cookies = cookies;
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = false;
            })
            .Build();
        var circuit = new BlazorCircuit(connection, http, keepBatches, keepPage, pageAddress);
        circuit.Listen();
        await connection.StartAsync(cancellationToken);

        var secret = circuit.secret = await connection.InvokeAsync<string?>("StartCircuit", baseAddress.ToString(), pageAddress.ToString(), "[]", "", cancellationToken);
        if (string.IsNullOrEmpty(secret))
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"The server refused to start a circuit for {path}: {circuit.Error}");
        }
        var operations = JsonSerializer.Serialize(new
        {
            batchId = 1,
            operations = markers.Select((marker, i) => new { type = "add", ssrComponentId = i + 1, marker }).ToArray(),
        });
        await connection.SendAsync("UpdateRootComponents", operations, state, cancellationToken);
        try { await circuit.firstRender.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken); }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return circuit;
    }

    /// <summary>Waits until a render batch carries <paramref name="text"/>, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForTextAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!RenderedText(text))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"No render batch carried \u201c{text}\u201d within {timeout.TotalSeconds:N0} s.");
            await Task.Delay(50);
        }
    }

    private void Listen()
    {
        connection.On<long, byte[]>("JS.RenderBatch", async (batchId, batch) =>
        {
            Interlocked.Add(ref renderBatchBytes, batch.Length);
            if (keepBatches) lock (batchLock) keptBatches.Add(batch);
            TaskCompletionSource? changed = null;
            if (page is not null)
                lock (batchLock)
                {
                    page.Apply(batch);
                    changed = pageChanged;
                    pageChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            if (page is not null) lock (batchLock) PageChanged?.Invoke(page);
            Interlocked.Increment(ref renderBatches);
            await connection.SendAsync("OnRenderCompleted", batchId, null);
            firstRender.TrySetResult();
            changed?.TrySetResult();
        });
        // .NET 10 sends the call type too (call a function, construct, get or set a value): six arguments.
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", async (callId, identifier, argsJson, resultType, targetInstanceId, callType) =>
        {
            lock (batchLock) javaScriptCalls.Add(new JavaScriptCall(identifier, argsJson));
            if (identifier == "Blazor._internal.attachWebRendererInterop") // the object a browser dispatches its events to
                Interlocked.Exchange(ref rendererObjectId, JsonDocument.Parse(argsJson).RootElement[1].GetProperty("__dotNetObject").GetInt64());
            // resultType 1 asks for a JavaScript object reference; anything else is answered with no value.
            object? result = resultType == 1 ? new Dictionary<string, long> { ["__jsObjectId"] = Interlocked.Increment(ref nextJsObjectId) } : null;
            await connection.SendAsync("EndInvokeJSFromDotNet", callId, true, JsonSerializer.Serialize(new object?[] { callId, true, result }));
            // The server's NavigateTo asks the browser to go there; the browser then tells the server the location changed.
            if (identifier == "Blazor._internal.navigationManager.navigateTo" && page is not null)
                await MoveToAsync(JsonDocument.Parse(argsJson).RootElement[0].GetString()!, intercepted: false);
        });
        connection.On<string>("JS.Error", error =>
        {
            Error = error;
            firstRender.TrySetException(new InvalidOperationException("The server reported an error to the page: " + error));
        });
        connection.Closed += error =>
        {
            firstRender.TrySetException(new InvalidOperationException("The connection closed before the page rendered.", error));
            return Task.CompletedTask;
        };
    }

    /// <summary>Clicks the element with this click handler, as a browser dispatches it.</summary>
    public Task ClickAsync(ulong handlerId) =>
        DispatchAsync(new { eventHandlerId = handlerId, eventName = "click", eventFieldInfo = (object?)null },
            new { detail = 1, button = 0, buttons = 0, type = "click" });

    /// <summary>Types into the input with this input handler: the whole new value, as a browser's input event carries it.</summary>
    public Task InputAsync(ulong handlerId, int componentId, string value) =>
        DispatchAsync(new { eventHandlerId = handlerId, eventName = "input", eventFieldInfo = new { componentId, fieldValue = value } },
            new { value, type = "input" });

    private Task DispatchAsync(object descriptor, object eventArgs)
    {
        var renderer = Interlocked.Read(ref rendererObjectId);
        if (renderer < 0) throw new InvalidOperationException("The server has not attached its renderer to this page yet.");
        return connection.SendAsync("BeginInvokeDotNetFromJS", Interlocked.Increment(ref nextCallId).ToString(), null, "DispatchEventAsync", renderer,
            JsonSerializer.Serialize(new[] { descriptor, eventArgs }));
    }

    /// <summary>Follows a link inside the portal (the browser's router intercepts it and tells the server).</summary>
    public Task FollowLinkAsync(string href) => MoveToAsync(href, intercepted: true);

    private Task MoveToAsync(string href, bool intercepted)
    {
        Uri to;
        // Relative addresses are relative to the page's base (<base href="/">), as a browser resolves them.
        lock (batchLock) to = location = new Uri(http.BaseAddress!, href);
        return connection.SendAsync("OnLocationChanged", to.ToString(), null, intercepted);
    }

    /// <summary>Waits until what the page shows satisfies <paramref name="condition"/> (checked after each render batch).</summary>
    public async Task WaitForAsync(Func<RenderedPage, bool> condition, TimeSpan timeout)
    {
        if (page is null) throw new InvalidOperationException("Open the circuit with keepPage: true to read what it shows.");
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (batchLock)
            {
                if (condition(page)) return;
                changed = pageChanged.Task;
            }
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                throw new TimeoutException($"The page did not show what was waited for within {timeout.TotalSeconds:N0} s{(Error is null ? "" : ": " + Error)}.");
        }
    }

    /// <summary>Reads what the page shows now (under the lock the render batches are applied with).</summary>
    public T Read<T>(Func<RenderedPage, T> read)
    {
        if (page is null) throw new InvalidOperationException("Open the circuit with keepPage: true to read what it shows.");
        lock (batchLock) return read(page);
    }

    /// <summary>The start markers of the interactive server root components (HeadOutlet, Routes), as the page wrote them.</summary>
    internal static IReadOnlyList<JsonElement> StartMarkers(string html)
    {
        var markers = new List<JsonElement>();
        foreach (Match match in ComponentMarker().Matches(html))
        {
            using var json = JsonDocument.Parse(match.Groups[1].Value);
            if (json.RootElement.TryGetProperty("type", out var type) && type.GetString() == "server")
                markers.Add(json.RootElement.Clone());
        }
        return markers;
    }

    /// <summary>
    /// Closes the page as a browser closing its tab does: it tells the server the circuit is done (blazor.web.js sends this
    /// beacon), so the server frees it at once instead of keeping it for a reconnection; then drops the connection.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (secret is not null && connection.State == HubConnectionState.Connected)
        {
            try
            {
                using var beacon = new FormUrlEncodedContent([new("circuitId", secret)]);
                using var _ = await http.PostAsync("_blazor/disconnect", beacon);
            }
            catch (HttpRequestException) { } // the server is gone already
        }
        await connection.DisposeAsync();
    }

    /// <summary>Blazor names its MessagePack protocol "blazorpack"; the wire format is SignalR's MessagePack one.</summary>
    private sealed class BlazorPackProtocol : IHubProtocol
    {
        private readonly MessagePackHubProtocol inner = new();
        public string Name => "blazorpack";
        public int Version => inner.Version;
        public TransferFormat TransferFormat => TransferFormat.Binary;
        public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
        public bool TryParseMessage(ref System.Buffers.ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            inner.TryParseMessage(ref input, binder, out message);
        public void WriteMessage(HubMessage message, System.Buffers.IBufferWriter<byte> output) => inner.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex ComponentMarker();

    [GeneratedRegex("data-keep-alive-seconds=\"(\\d+)\"")]
    private static partial Regex KeepAlive();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex StateMarker();
}
