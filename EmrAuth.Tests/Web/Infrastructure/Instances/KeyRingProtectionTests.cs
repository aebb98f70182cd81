using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmrAuth.Tests.Web.Infrastructure.Instances;

/// <summary>
/// "Storage:KeyCertificate" encrypts the Data Protection keys at rest (docs/postgresql.md#several-instances); without
/// it they are stored in the clear. Shown on the file key ring, which stores the same XML as the database one.
/// </summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emrauth-keyring-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void With_a_certificate_the_stored_keys_are_encrypted_to_it_and_without_one_they_are_not()
    {
        var certificatePath = Path.Combine(_folder, "keys.pfx");
        Directory.CreateDirectory(_folder);
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=EmrAuth key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(certificatePath, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:KeyCertificate"] = certificatePath,
            ["Storage:KeyCertificatePassword"] = "pfx-password",
        }).Build();

        var encrypted = StoredKeyXml(Path.Combine(_folder, "protected"), PortalStorage.KeyCertificate(configuration));
        var clear = StoredKeyXml(Path.Combine(_folder, "clear"), PortalStorage.KeyCertificate(new ConfigurationBuilder().Build()));

        Assert.Contains("encryptedSecret", encrypted);
        Assert.DoesNotContain("<masterKey", encrypted);
        Assert.Contains("<masterKey", clear);
    }

    /// <summary>Seals once through the portal's storage wiring, then reads the key file Data Protection wrote.</summary>
    private static string StoredKeyXml(string dataDirectory, X509Certificate2? certificate)
    {
        Directory.CreateDirectory(dataDirectory);
        var services = new ServiceCollection().AddLogging().AddPortalStorage(dataDirectory, TimeProvider.System, keyProtection: certificate);
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Equal("x", provider.GetRequiredService<SecretSealer>().UnsealTranscript(provider.GetRequiredService<SecretSealer>().SealTranscript("x")));
        }
        return File.ReadAllText(Directory.GetFiles(Path.Combine(dataDirectory, "keys"), "key-*.xml").Single());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
