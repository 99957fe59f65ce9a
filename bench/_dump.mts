const Original = Function;
(globalThis as any).Function = new Proxy(Original, { construct(target, args) { console.log(args[args.length - 1]); return Reflect.construct(target, args); } });
const { defineStruct } = await import('../src/index');
defineStruct({ a: 'u32', b: 'u32' }, { name: 'Pair' }).createStore();
