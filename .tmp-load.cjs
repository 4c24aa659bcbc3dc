const M = require('module'); const sdk = ["@aws-sdk/client-dynamodb","@aws-sdk/lib-dynamodb","@aws-sdk/client-s3","@aws-sdk/lib-storage","@aws-sdk/client-sfn"];
const t = performance.now(); for (const m of sdk) require(m); const t1 = performance.now();
const before = new Set(Object.keys(require.cache));
require(process.argv[2]); const t2 = performance.now();
const added = Object.keys(require.cache).filter((k) => !before.has(k));
console.log((t1 - t).toFixed(1), (t2 - t1).toFixed(1), added.length, added.slice(0, 8).join(' '));
