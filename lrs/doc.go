// Package lrs is Baeum's xAPI learning record store: statements and their
// validation, and (as it grows) the State, Activity Profile and Agent
// Profile resources and the keys clients use. It follows xAPI 1.0.3 and,
// where a client asks for it with X-Experience-API-Version: 2.0.0, IEEE
// 9274.1.1 (xAPI 2.0) where that differs.
//
// Validation errors are for programs, so their reasons are in English,
// as the specification's own vocabulary is; each names the property at
// fault by its path in the statement ("context.contextActivities.parent[0].id").
package lrs
