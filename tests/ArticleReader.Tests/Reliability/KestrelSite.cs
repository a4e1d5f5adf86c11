using System.Net;
using ArticleReader.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ArticleReader.Tests.Reliability;

/// <summary>
/// The site in this process but behind a real Kestrel socket, for what TestServer hides: the
/// Server header, raw request targets that a client library would normalise, HEAD bodies.
/// </summary>
public sealed class KestrelSite : IDisposable
{
    public KestrelSite(string contentRoot, IDictionary<string, string?>? settings = null)
    {
        Factory = new SiteFactory(contentRoot, settings);
        Factory.UseKestrel(0);
        Factory.StartServer();
        var server = Factory.Services.GetRequiredService<IServer>();
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address");
        Port = new Uri(address).Port;
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        Client = CreateClient();
    }

    public SiteFactory Factory { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client without redirects or cookies, for most requests.</summary>
    public HttpClient Client { get; }

    /// <summary>A client of its own (own cookie jar), talking to the real socket.</summary>
    public HttpClient CreateClient(bool cookies = false) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies,
        CookieContainer = new CookieContainer(),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}
