using Hl7.Fhir.Serialization;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Web.Features.Fhir;

/// <summary>Bundles, their fullUrls, and the JSON form the endpoints and downloads use.</summary>
public static class FhirIds
{
    public static string FullUrl(R4.Resource resource) => $"{FhirTerms.Base}/{resource.TypeName}/{resource.Id}";

    public static R4.Bundle Bundle(R4.Bundle.BundleType type, IEnumerable<R4.Resource> resources, DateTimeOffset now)
    {
        var bundle = new R4.Bundle { Id = Guid.NewGuid().ToString(), Type = type, Timestamp = now };
        bundle.Entry.AddRange(resources.Select(r => new R4.Bundle.EntryComponent { FullUrl = FullUrl(r), Resource = r }));
        if (type == R4.Bundle.BundleType.Searchset)
        {
            bundle.Total = bundle.Entry.Count;
        }
        return bundle;
    }

    public static string ToJson(R4.Resource resource) => new FhirJsonSerializer().SerializeToString(resource);
}
