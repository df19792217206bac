// Checks a job's arguments against the contract its job published in Redis (<namespace>:schemas:<job>) before a
// node producer enqueues it: the snippet the README shows, run by the interop tests.
//   const problem = await checkContract(redis, "resque", "SendWelcomeMail", ["a@b.c", "en_GB"]);
//   if (problem) throw new Error(problem);   // null: it fits, or the job published no contract
async function checkContract(redis, namespace, job, args) {
  const json = await redis.get(`${namespace}:schemas:${job}`);
  return json ? problemOf(args, JSON.parse(json), "argument") : null;
}

function problemOf(value, schema, at) {
  if (schema === false) return `${at} is not allowed`;
  if (typeof schema !== "object" || schema === null) return null;
  if (Array.isArray(schema.anyOf)) {
    const problems = schema.anyOf.map((variant) => problemOf(value, variant, at));
    if (problems.includes(null)) return null;
    return problems.find((p) => !p.startsWith(`${at} should hold`)) || problems[0];
  }
  if (schema.type !== undefined && ![].concat(schema.type).some((type) => isType(value, type))) {
    return `${at} should be ${[].concat(schema.type).join(" or ")} but is ${JSON.stringify(value)}`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    return `${at} should be one of ${JSON.stringify(schema.enum)} but is ${JSON.stringify(value)}`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${at} should hold at least ${schema.minItems} item(s)`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${at} should hold at most ${schema.maxItems} item(s)`;
    const prefix = schema.prefixItems || [];
    for (let i = 0; i < value.length; i++) {
      const item = i < prefix.length ? prefix[i] : schema.items;
      const problem = item === undefined ? null : problemOf(value[i], item, `${at}[${i}]${item && item.title ? ` (${item.title})` : ""}`);
      if (problem) return problem;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const name of schema.required || []) if (!(name in value)) return `${at} lacks its field ${name}`;
    for (const [name, field] of Object.entries(value)) {
      const fieldSchema = (schema.properties || {})[name] !== undefined ? schema.properties[name] : schema.additionalProperties;
      const problem = fieldSchema === undefined ? null : problemOf(field, fieldSchema, `${at}.${name}`);
      if (problem) return problem;
    }
  }
  return null;
}

function isType(value, type) {
  switch (type) {
    case "null": return value === null;
    case "string": return typeof value === "string";
    case "boolean": return typeof value === "boolean";
    case "integer": return Number.isInteger(value);
    case "number": return typeof value === "number";
    case "array": return Array.isArray(value);
    case "object": return typeof value === "object" && value !== null && !Array.isArray(value);
    default: return true;
  }
}

module.exports = { checkContract };
