using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace AdminChat.Bench;

/// <summary>
/// The SignalR client's transport, reduced to what the bench needs: one WebSocket to the hub without the negotiate
/// round trip (as blazor.web.js can do too), carrying the signed-in cookie. It exists because the package registry
/// here lacks Microsoft.AspNetCore.Http.Connections.Client, which the stock WithUrl transport lives in.
/// </summary>
public sealed class WebSocketConnectionFactory(Uri hubUrl, CookieContainer cookies) : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(ws, cancellationToken);

        var input = new Pipe();
        var output = new Pipe();
        var connection = new DefaultConnectionContext(Guid.NewGuid().ToString("N"),
            new DuplexPipe(input.Reader, output.Writer), new DuplexPipe(output.Reader, input.Writer));
        _ = ReceiveAsync(socket, input.Writer);
        _ = SendAsync(socket, output.Reader);
        connection.ConnectionClosed = CancellationToken.None;
        return new SocketConnection(connection, socket);
    }

    private static async Task ReceiveAsync(ClientWebSocket socket, PipeWriter writer)
    {
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var memory = writer.GetMemory(16 * 1024);
                var result = await socket.ReceiveAsync(memory, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                writer.Advance(result.Count);
                if (result.EndOfMessage && (await writer.FlushAsync()).IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection went away: completing the pipe tells the hub connection.
        }

        await writer.CompleteAsync();
    }

    private static async Task SendAsync(ClientWebSocket socket, PipeReader reader)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    await socket.SendAsync(segment, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed under us.
        }

        await reader.CompleteAsync();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>Closes the socket when the hub connection disposes the connection.</summary>
    private sealed class SocketConnection(DefaultConnectionContext inner, ClientWebSocket socket) : ConnectionContext
    {
        public override string ConnectionId { get => inner.ConnectionId; set => inner.ConnectionId = value; }

        public override Microsoft.AspNetCore.Http.Features.IFeatureCollection Features => inner.Features;

        public override IDictionary<object, object?> Items { get => inner.Items; set => inner.Items = value; }

        public override IDuplexPipe Transport { get => inner.Transport; set => inner.Transport = value; }

        public override async ValueTask DisposeAsync()
        {
            await inner.Transport.Output.CompleteAsync();
            try
            {
                await Task.Delay(50);
                socket.Abort();
            }
            finally
            {
                socket.Dispose();
                await base.DisposeAsync();
            }
        }
    }
}
