import { defineStruct, type Infer } from 'slotted';

const Persona = defineStruct({ nombre: 'u32', identificador: 'u32' }, { name: 'Persona' });
type PersonaData = Infer<typeof Persona>;           // { nombre: number; identificador: number }

const people = Persona.createStore({ capacity: 262_144 });
const h = people.add({ nombre: 1, identificador: 42 }); // handle: the record's slot number
const p = people.get(h);                                // a view that behaves like an instance
p.nombre += 1;                                          // writes straight into a Uint32Array column
people.columns.identificador;                           // the raw column, for hot loops
const copy: PersonaData = p.toJSON();                   // a plain object
console.log(p, copy);                 // Persona { nombre: 2, identificador: 42 } { nombre: 2, identificador: 42 }
