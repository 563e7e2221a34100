// Package credentials is the storage-free core of Baeum's signed credentials: W3C Verifiable
// Credentials 2.0 / Open Badges 3.0 documents secured with an embedded Data Integrity proof
// of the eddsa-rdfc-2022 cryptosuite, Ed25519 public keys as Multikey, and W3C Bitstring
// Status Lists for revocation.
//
// Documents are plain JSON values (map[string]any). JSON-LD processing uses
// github.com/piprate/json-gold with a document loader that serves only the contexts
// embedded in this package, so nothing here ever goes to the network. Canonicalisation is
// RDFC-1.0 (URDNA2015) in safe mode: a term that the contexts do not define is an error,
// as it is for the verifiers that check Baeum's credentials, rather than being silently
// left out of what is signed.
//
// The package knows nothing of Baeum's storage or web layers: keys, serial numbers,
// status list indexes and the URLs they are published at come from the caller.
package credentials
