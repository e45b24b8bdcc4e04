using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json.Nodes;

namespace AdminChat.Core.Providers;

/// <summary>
/// Some OpenAI-compatible servers ignore <c>"stream": true</c> and answer one JSON <c>chat.completion</c>.
/// For a streaming call (the SDK does not buffer those responses) this rewrites such an answer into the
/// server-sent events a streaming server would have sent, so the SDK and the chunker treat it like any other.
/// </summary>
internal sealed class NonStreamingAnswerPolicy : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        if (IsJsonAnswerToStreamingCall(message))
        {
            using var reader = new StreamReader(message.Response!.ContentStream!, Encoding.UTF8);
            Rewrite(message.Response, reader.ReadToEnd());
        }
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        if (IsJsonAnswerToStreamingCall(message))
        {
            using var reader = new StreamReader(message.Response!.ContentStream!, Encoding.UTF8);
            Rewrite(message.Response, await reader.ReadToEndAsync(message.CancellationToken).ConfigureAwait(false));
        }
    }

    private static bool IsJsonAnswerToStreamingCall(PipelineMessage message) =>
        !message.BufferResponse
        && message.Response is { Status: 200, ContentStream: not null } response
        && response.Headers.TryGetValue("Content-Type", out var type)
        && type is not null
        && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private static void Rewrite(PipelineResponse response, string json)
    {
        response.ContentStream = new ForwardOnlyStream(new MemoryStream(Encoding.UTF8.GetBytes(ToEvents(json))));
    }

    /// <summary>
    /// Read once, like the network stream it replaces: the transport buffers what is left of a seekable stream when
    /// the response is disposed and refuses one that was read to the end.
    /// </summary>
    private sealed class ForwardOnlyStream(MemoryStream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The events a streaming server sends for the same answer: the text, the finish reason, the usage.</summary>
    internal static string ToEvents(string json)
    {
        var completion = JsonNode.Parse(json)?.AsObject()
            ?? throw new FormatException("The provider answered an empty JSON document.");
        var choice = completion["choices"]?.AsArray().FirstOrDefault()?.AsObject();
        var content = choice?["message"]?["content"]?.GetValue<string>() ?? string.Empty;
        var finish = choice?["finish_reason"]?.GetValue<string>() ?? "stop";
        var id = completion["id"]?.GetValue<string>() ?? "chatcmpl-nonstreaming";
        var model = completion["model"]?.GetValue<string>() ?? string.Empty;
        var created = completion["created"]?.GetValue<long>() ?? 0;

        var events = new StringBuilder();
        void Add(JsonNode node) => events.Append("data: ").Append(node.ToJsonString()).Append("\n\n");
        JsonObject Chunk(JsonObject delta, string? finishReason, JsonNode? usage = null) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
            ["usage"] = usage,
        };

        Add(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = content }, null));
        Add(Chunk(new JsonObject(), finish));
        if (completion["usage"] is JsonObject usage)
        {
            var usageChunk = Chunk(new JsonObject(), null, usage.DeepClone());
            usageChunk["choices"] = new JsonArray();
            Add(usageChunk);
        }

        events.Append("data: [DONE]\n\n");
        return events.ToString();
    }
}
