// Registers the test backends before tensorly-ts picks this thread's starting backend.
import { registerBackend } from '../registry.js';
import { FakeBackend } from '../../test-utils/fake-backend.js';

registerBackend('fake', () => new FakeBackend('fake'));
registerBackend('fake2', () => new FakeBackend('fake2'));
