using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace AdminChat.Bench;

/// <summary>
/// A Blazor Server circuit without a browser, for the capacity scenario (the idea of ASP.NET Core's own test client,
/// Ignitor). It speaks the real hub protocol over the SignalR .NET client: it loads /admin/dashboard with the signed-in
/// cookie, takes the prerendered component marker and state from the HTML, calls StartCircuit and UpdateRootComponents
/// as blazor.web.js does, acknowledges every JS.RenderBatch with OnRenderCompleted, answers every JS interop call
/// (JS.BeginInvokeJS) with success and no value, and types and sends a question by dispatching the textarea's input
/// and the form's submit event (DispatchEventAsync on the renderer's interop object). It reads each render batch's
/// binary format only far enough to find event handler ids and the answer's text (the string table).
/// It does NOT build a DOM, lay out, paint or run any JavaScript, so the server sees a very fast, well-behaved browser.
/// </summary>
public sealed partial class LightCircuit : IAsyncDisposable
{
    private static readonly IHubProtocol BlazorPack = (IHubProtocol)Activator.CreateInstance(
        typeof(Microsoft.AspNetCore.Components.Server.CircuitOptions).Assembly
            .GetType("Microsoft.AspNetCore.Components.Server.BlazorPack.BlazorPackHubProtocol")!, nonPublic: true)!;

    private readonly HubConnection _hub;
    private readonly ConcurrentDictionary<int, (double Time, int Group)> _seen = new();
    private long _interopObject = -1;
    private ulong _inputHandler;
    private ulong _submitHandler;
    private int _batches;
    private int _callId;
    private string _tag = "";
    private readonly HashSet<string> _attributes = [];

    private LightCircuit(HubConnection hub) => _hub = hub;

    public int Batches => _batches;

    public string? Error { get; private set; }

    public static async Task<LightCircuit> StartAsync(Uri baseUrl, CookieContainer cookies, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        var dashboard = new Uri(baseUrl, "admin/dashboard");
        var html = await http.GetStringAsync(dashboard, cancellationToken);
        var markers = MarkerPattern().Matches(html).Select(m => m.Groups[1].Value)
            .Where(json => json.Contains("\"descriptor\"", StringComparison.Ordinal)).ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException("No server component marker on the dashboard (not signed in?)");
        }

        var state = StatePattern().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory(new Uri(baseUrl, "_blazor"), cookies));
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(new Uri(baseUrl, "_blazor")));
        builder.Services.AddSingleton(BlazorPack);
        if (Environment.GetEnvironmentVariable("BENCH_HUB_LOG") is not null)
        {
            builder.Services.AddLogging(l => l.AddConsole().SetMinimumLevel(LogLevel.Debug));
        }

        var circuit = new LightCircuit(builder.Build());
        circuit.Wire();
        await circuit._hub.StartAsync(cancellationToken);
        var secret = await circuit._hub.InvokeAsync<string>("StartCircuit", baseUrl.ToString(), dashboard.ToString(), "[]", state, cancellationToken);
        if (string.IsNullOrEmpty(secret))
        {
            throw new InvalidOperationException("StartCircuit was refused");
        }

        var operations = "{\"batchId\":1,\"operations\":[" + string.Join(",", markers.Select((m, i) => $"{{\"type\":\"add\",\"ssrComponentId\":{i + 1},\"marker\":{m}}}")) + "]}";
        await circuit._hub.SendAsync("UpdateRootComponents", operations, state, cancellationToken);
        // Interactive once the renderer's interop object is known and the composer has rendered its handlers.
        for (var i = 0; i < 200 && (circuit._interopObject < 0 || circuit._inputHandler == 0 || circuit._submitHandler == 0); i++)
        {
            await Task.Delay(50, cancellationToken);
        }

        if (circuit._interopObject < 0 || circuit._inputHandler == 0 || circuit._submitHandler == 0)
        {
            throw new InvalidOperationException($"The circuit never became interactive (interop {circuit._interopObject}, input {circuit._inputHandler}, submit {circuit._submitHandler}, {circuit._batches} batches, {circuit.Error}; attributes seen: {string.Join(",", circuit._attributes)})");
        }

        return circuit;
    }

    /// <summary>Types the question into the composer and submits it, as a person would.</summary>
    public async Task AskAsync(AnswerPlan plan, CancellationToken cancellationToken)
    {
        _tag = plan.Tag;
        _seen.Clear();
        var before = _batches;
        await DispatchAsync(_inputHandler, "input", new { value = plan.Question }, cancellationToken);
        // The input re-renders the composer (the send button enables, handler ids may change): wait for that batch.
        for (var i = 0; i < 100 && _batches == before; i++)
        {
            await Task.Delay(10, cancellationToken);
        }

        await DispatchAsync(_submitHandler, "submit", new { }, cancellationToken);
    }

    /// <summary>Token index → (Unix ms when the render batch carrying it arrived, batch number).</summary>
    public IReadOnlyDictionary<int, (double Time, int Group)> Seen => _seen;

    private Task DispatchAsync(ulong handler, string eventName, object args, CancellationToken cancellationToken)
    {
        var descriptor = new { eventHandlerId = handler, eventName, eventFieldInfo = (object?)null };
        var json = JsonSerializer.Serialize(new object[] { descriptor, args });
        var callId = Interlocked.Increment(ref _callId).ToString(CultureInfo.InvariantCulture);
        return _hub.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", _interopObject, json, cancellationToken);
    }

    private void Wire()
    {
        _hub.On<long, byte[]>("JS.RenderBatch", (id, data) =>
        {
            var received = FakeProvider.NowUnixMs();
            var group = Interlocked.Increment(ref _batches);
            try
            {
                Read(data, received, group);
            }
            catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or EndOfStreamException)
            {
                Error = "unreadable batch: " + ex.Message;
            }

            _ = _hub.SendAsync("OnRenderCompleted", id, null);
        });
        // .NET 10 sends a sixth argument (the call type) that the 9.0 script ignores.
        _hub.On<long, string, string, int, long, int>("JS.BeginInvokeJS", (handle, identifier, argsJson, _, _, _) =>
        {
            if (identifier.EndsWith("attachWebRendererInterop", StringComparison.Ordinal))
            {
                using var args = JsonDocument.Parse(argsJson);
                _interopObject = args.RootElement[1].GetProperty("__dotNetObject").GetInt64();
            }

            if (handle != 0)
            {
                _ = _hub.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,null]");
            }
        });
        _hub.On<string>("JS.Error", message => Error = message);
    }

    /// <summary>The render batch format (RenderBatchWriter): sections, then five offsets at the end.</summary>
    private void Read(byte[] data, double received, int group)
    {
        int Int(int at) => BitConverter.ToInt32(data, at);
        var end = data.Length - 20;
        var frames = Int(end + 4);
        var disposedComponents = Int(end + 8);
        var stringTable = Int(end + 16);
        var strings = new string[(end - stringTable) / 4];
        using (var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8))
        {
            for (var i = 0; i < strings.Length; i++)
            {
                reader.BaseStream.Position = Int(stringTable + (4 * i));
                strings[i] = reader.ReadString();
            }
        }

        var count = Int(frames);
        if (count > 0)
        {
            var size = (disposedComponents - frames - 4) / count;
            string? element = null;
            string? elementClass = null;
            for (var f = 0; f < count; f++)
            {
                var at = frames + 4 + (f * size);
                var type = Int(at);
                if (type == 1)
                {
                    element = Int(at + 8) is var name and >= 0 ? strings[name] : null;
                    elementClass = null;
                    continue;
                }

                if (type == 3 && Int(at + 4) is var attribute and >= 0)
                {
                    var handler = BitConverter.ToUInt64(data, at + 12);
                    if (strings[attribute] == "class" && Int(at + 8) is var value and >= 0)
                    {
                        elementClass = strings[value];
                    }

                    if (handler != 0 && _attributes.Count < 50)
                    {
                        _attributes.Add($"{element}.{strings[attribute]}:{size}");
                    }

                    if (handler != 0 && strings[attribute] == "oninput" && element is null or "textarea")
                    {
                        _inputHandler = handler;
                    }
                    // The page has other forms (conversation rename, budget): only the chat composer's submit sends a question.
                    else if (handler != 0 && strings[attribute] == "onsubmit" && element is "form"
                        && elementClass?.Contains("chat-composer", StringComparison.Ordinal) == true)
                    {
                        _submitHandler = handler;
                    }

                    continue;
                }

                element = null;
            }
        }

        if (_tag.Length == 0)
        {
            return;
        }

        foreach (var text in strings)
        {
            if (!text.Contains(_tag + "w", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in TokenPattern().Matches(text))
            {
                if (match.Groups[1].Value == _tag)
                {
                    _seen.TryAdd(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), (received, group));
                }
            }
        }
    }

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex StatePattern();

    [GeneratedRegex(@"(t\d+)w(\d+)")]
    private static partial Regex TokenPattern();
}
