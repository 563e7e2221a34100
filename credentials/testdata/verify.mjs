// A third party's check of a Baeum credential: Digital Bazaar's verifier
// (@digitalbazaar/vc with the eddsa-rdfc-2022 Data Integrity cryptosuite and the
// Bitstring Status List checker), run with a document loader that never goes to the
// network. It serves the JSON-LD contexts of those npm packages' own context modules,
// then the ones embedded in ../contexts/ (index.json) that they lack, then the documents
// given in the input (the issuer's controller document, status list credentials).
//
// Usage: BAEUM_VC_NODE_MODULES=/path/to/node_modules node verify.mjs input.json
// input.json: {"credential": {...}, "documents": {"https://...": {...}}}
// Prints {"verified": bool, "errors": [string], "statusRevoked": bool (only when the
// credential has a credentialStatus that was checked)} and exits 0; exits 2 when it
// cannot run (bad input, packages missing, a repo context that differs from npm's).
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {isDeepStrictEqual} from 'node:util';

function fail(message) {
  process.stderr.write(`verify.mjs: ${message}\n`);
  process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = process.env.BAEUM_VC_NODE_MODULES;
if(!nodeModules) {
  fail('set BAEUM_VC_NODE_MODULES to the node_modules directory holding the verifier');
}
if(process.argv.length !== 3) {
  fail('usage: node verify.mjs input.json');
}

// Resolve packages from BAEUM_VC_NODE_MODULES, wherever this script lives.
const require = createRequire(path.join(nodeModules, '..', 'resolve-from-here.js'));
async function load(name) {
  let file;
  try {
    file = require.resolve(name);
  } catch(e) {
    fail(`package ${name} not found under ${nodeModules}: ${e.message}`);
  }
  return import(pathToFileURL(file).href);
}

const vc = await load('@digitalbazaar/vc');
const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
const {cryptosuite: eddsaRdfc2022} =
  await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
const Ed25519Multikey = await load('@digitalbazaar/ed25519-multikey');
const {checkStatus} = await load('@digitalbazaar/vc-bitstring-status-list');

// Contexts: the npm packages' own first (they are what this verifier trusts), then the
// repo's for the URLs none of them has. A repo context that an npm package also has
// must be the same, or Baeum and this verifier would sign and check different data.
const contexts = new Map();
for(const name of [
  '@digitalbazaar/credentials-context',
  '@digitalbazaar/data-integrity-context',
  '@digitalbazaar/multikey-context',
  '@digitalbazaar/vc-bitstring-status-list-context',
  '@digitalbazaar/security-context',
]) {
  const mod = await load(name);
  for(const [url, ctx] of mod.contexts ?? mod.default.contexts) {
    contexts.set(url, ctx);
  }
}
const contextDir = path.join(here, '..', 'contexts');
const index = JSON.parse(readFileSync(path.join(contextDir, 'index.json'), 'utf8'));
for(const [url, file] of Object.entries(index)) {
  const ctx = JSON.parse(readFileSync(path.join(contextDir, file), 'utf8'));
  if(contexts.has(url)) {
    if(!isDeepStrictEqual(contexts.get(url), ctx)) {
      fail(`context ${url}: ../contexts/${file} differs from the npm package's`);
    }
    continue;
  }
  contexts.set(url, ctx);
}

let input;
try {
  input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
} catch(e) {
  fail(`read input: ${e.message}`);
}
const {credential, documents = {}} = input;
if(!credential || typeof credential !== 'object') {
  fail('input has no "credential" object');
}

// findNode returns the object with the given id anywhere inside doc.
function findNode(doc, id) {
  if(Array.isArray(doc)) {
    for(const item of doc) {
      const found = findNode(item, id);
      if(found) {
        return found;
      }
    }
  } else if(doc && typeof doc === 'object') {
    if(doc.id === id) {
      return doc;
    }
    for(const [key, value] of Object.entries(doc)) {
      if(key !== '@context') {
        const found = findNode(value, id);
        if(found) {
          return found;
        }
      }
    }
  }
  return null;
}

async function documentLoader(url) {
  const served = document => ({
    contextUrl: null, documentUrl: url, document: structuredClone(document)
  });
  if(contexts.has(url)) {
    return served(contexts.get(url));
  }
  if(Object.hasOwn(documents, url)) {
    return served(documents[url]);
  }
  // A verification method is a fragment of its controller document, as a resolver of
  // https or did:web URLs returns it: the node itself, with the document's @context.
  const hash = url.indexOf('#');
  if(hash > 0 && Object.hasOwn(documents, url.slice(0, hash))) {
    const doc = documents[url.slice(0, hash)];
    const node = findNode(doc, url);
    if(node) {
      const method = {'@context': doc['@context'], ...node};
      // Fail here, with a clear message, for a method that is no Ed25519 Multikey.
      await Ed25519Multikey.from(method);
      return served(method);
    }
  }
  throw new Error(`document loader: ${url} is not served (offline)`);
}

function messages(error, out) {
  if(!error) {
    return out;
  }
  if(Array.isArray(error)) {
    error.forEach(e => messages(e, out));
    return out;
  }
  if(Array.isArray(error.errors) && error.errors.length > 0) {
    error.errors.forEach(e => messages(e, out));
  } else {
    out.push(error.message || String(error));
  }
  if(error.cause) {
    messages(error.cause, out);
  }
  return out;
}

const output = {verified: false, errors: []};
try {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const result = await vc.verifyCredential({
    credential, suite, documentLoader, checkStatus
  });
  output.verified = result.verified === true;
  messages(result.error, output.errors);
  for(const r of result.results || []) {
    messages(r.error, output.errors);
  }
  const status = result.statusResult;
  if(status) {
    messages(status.error, output.errors);
    if(Array.isArray(status.results)) {
      output.statusRevoked = status.results.some(r =>
        r.status === true && r.credentialStatus?.statusPurpose === 'revocation');
    }
  }
} catch(e) {
  output.verified = false;
  messages(e, output.errors);
}
output.errors = [...new Set(output.errors)];
process.stdout.write(JSON.stringify(output) + '\n');
