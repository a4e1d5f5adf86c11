using System.Net.Sockets;
using System.Text;

namespace ArticleReader.Tests.Reliability;

/// <summary>One HTTP/1.1 response read off the wire, with a chunked body decoded.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, int BodyBytesOnWire)
{
    /// <summary>The body as Latin-1 text: every byte stays one character, so any byte sequence can be searched.</summary>
    public string BodyText => Encoding.Latin1.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Sends requests over a plain socket so the request target reaches Kestrel byte for byte
/// (HttpClient and TestServer would normalise dot segments and escapes away).
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(int port, string method, string target, string? body = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(target);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, cts.Token);
        var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: 127.0.0.1:").Append(port).Append("\r\n")
            .Append("Connection: close\r\n");
        var bodyBytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            request.Append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").Append(bodyBytes.Length).Append("\r\n");
        }

        request.Append("\r\n");
        // Latin-1 keeps every char of the target as the byte the test wrote (raw %-escapes, backslashes, high bytes).
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request.ToString()), cts.Token);
        await stream.WriteAsync(bodyBytes, cts.Token);

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cts.Token);
        return Parse(buffer.ToArray(), isHead: method.Equals("HEAD", StringComparison.OrdinalIgnoreCase));
    }

    private static RawResponse Parse(byte[] raw, bool isHead)
    {
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"no complete response head in {raw.Length} bytes: {Encoding.Latin1.GetString(raw[..Math.Min(raw.Length, 200)])}");
        }

        var lines = Encoding.Latin1.GetString(raw, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        var onWire = raw[(end + 4)..];
        var body = !isHead && headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? Dechunk(onWire)
            : onWire;
        return new RawResponse(status, headers, body, onWire.Length);
    }

    private static byte[] Dechunk(byte[] wire)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < wire.Length)
        {
            var lineEnd = wire.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(wire, position, lineEnd).Split(';')[0];
            var size = Convert.ToInt32(sizeText, 16);
            position += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(wire, position, Math.Min(size, wire.Length - position));
            position += size + 2;
        }

        return output.ToArray();
    }
}
