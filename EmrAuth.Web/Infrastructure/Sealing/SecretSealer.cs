using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace EmrAuth.Web.Infrastructure.Sealing;

/// <summary>
/// Encryption at rest with ASP.NET Data Protection: long-term scalars and B_P under one purpose, each hospital's
/// record text under its own, visit transcripts under a third, each running visit's session state under its own. Nothing sealed here is ever logged.
/// </summary>
public sealed class SecretSealer(IDataProtectionProvider provider)
{
    private readonly IDataProtector _keys = provider.CreateProtector("EmrAuth.Keys.v1");
    private readonly IDataProtector _transcripts = provider.CreateProtector("EmrAuth.Transcripts.v1");
    private readonly IDataProtector _migrationStates = provider.CreateProtector("EmrAuth.MigrationState.v1");

    /// <summary>Seals a secret and wipes the caller's copy.</summary>
    public byte[] SealKey(byte[] secret) => ProtectAndWipe(_keys, secret);

    public byte[] UnsealKey(byte[] sealedSecret) => _keys.Unprotect(sealedSecret);

    /// <summary>
    /// A party's own S_X after escrow-free issuance, under a purpose of its own (role and identity), apart from what the
    /// public cloud stores: the party's device storage in this one-process portal. Wipes the caller's copy.
    /// </summary>
    public byte[] SealPartyKey(string role, string partyId, byte[] secret) => ProtectAndWipe(PartyKeys(role, partyId), secret);

    public byte[] UnsealPartyKey(string role, string partyId, byte[] sealedSecret) => PartyKeys(role, partyId).Unprotect(sealedSecret);

    public byte[] SealRecordText(string hospitalId, string text) =>
        provider.CreateProtector("EmrAuth.Emr.v1", hospitalId).Protect(Encoding.UTF8.GetBytes(text));

    public string UnsealRecordText(string hospitalId, byte[] sealedText) =>
        Encoding.UTF8.GetString(provider.CreateProtector("EmrAuth.Emr.v1", hospitalId).Unprotect(sealedText));

    /// <summary>A whole record (EncodeRecord bytes, e.g. an archived copy) under the hospital's record purpose.</summary>
    public byte[] SealRecord(string hospitalId, byte[] encoded) => provider.CreateProtector("EmrAuth.Emr.v1", hospitalId).Protect(encoded);

    public byte[] UnsealRecord(string hospitalId, byte[] sealedRecord) => provider.CreateProtector("EmrAuth.Emr.v1", hospitalId).Unprotect(sealedRecord);

    /// <summary>A migration party's exported state (it can hold staged EHRs); wipes the caller's copy.</summary>
    public byte[] SealMigrationState(byte[] state) => ProtectAndWipe(_migrationStates, state);

    public byte[] UnsealMigrationState(byte[] sealedState) => _migrationStates.Unprotect(sealedState);

    /// <summary>
    /// A running visit's exported sessions (they hold SEK_1, SEK_2 and the nonces), under a purpose bound to the visit, so
    /// one visit's sealed state cannot be opened as another's. Wipes the caller's copy.
    /// </summary>
    public byte[] SealVisitState(Guid visitId, byte[] state) => ProtectAndWipe(VisitStates(visitId), state);

    public byte[] UnsealVisitState(Guid visitId, byte[] sealedState) => VisitStates(visitId).Unprotect(sealedState);

    /// <summary>One transcript event as stored for visits and migrations alike.</summary>
    public byte[] SealEvent(EventView view) => SealTranscript(JsonSerializer.Serialize(view));

    public EventView UnsealEvent(byte[] sealedEvent) => JsonSerializer.Deserialize<EventView>(UnsealTranscript(sealedEvent))!;

    public byte[] SealTranscript(string json) => _transcripts.Protect(Encoding.UTF8.GetBytes(json));

    public string UnsealTranscript(byte[] sealedJson) => Encoding.UTF8.GetString(_transcripts.Unprotect(sealedJson));

    private IDataProtector VisitStates(Guid visitId) => provider.CreateProtector("EmrAuth.VisitState.v1", visitId.ToString("D"));

    private IDataProtector PartyKeys(string role, string partyId) => provider.CreateProtector("EmrAuth.PartyKeys.v1", role, partyId);

    private static byte[] ProtectAndWipe(IDataProtector protector, byte[] plain)
    {
        try
        {
            return protector.Protect(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
