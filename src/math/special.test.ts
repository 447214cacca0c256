import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { digamma, gammaln } from './special.js';

/** Relative distance of `got` from `want` (0 when equal). */
function rel(got: number, want: number): number {
  return got === want ? 0 : Math.abs(got - want) / Math.abs(want);
}

function assertRel(got: number, want: number, tol: number, what: string): void {
  assert.ok(rel(got, want) <= tol, `${what}: got ${got}, want ${want} (relative error ${rel(got, want)})`);
}

// scipy.special.digamma (SciPy 1.17) on a grid away from the zeros of ψ.
const DIGAMMA_SCIPY: [number, number][] = [
  [0.001, -1000.5755719318103],
  [0.1, -10.423754940411076],
  [0.25, -4.2274535333762655],
  [0.5, -1.9635100260214235],
  [0.75, -1.0858608797864722],
  [1.0, -0.5772156649015329],
  [1.25, -0.2274535333762654],
  [1.5, 0.03648997397857652],
  [2.0, 0.42278433509846713],
  [2.5, 0.7031566406452432],
  [3.0, 0.9227843350984671],
  [3.7, 1.1671535393615113],
  [5.0, 1.5061176684318003],
  [7.5, 1.9467574842460866],
  [9.99, 2.250700372831201],
  [10.0, 2.251752589066721],
  [10.01, 2.2528037003181356],
  [15.5, 2.7082352425903653],
  [42.0, 3.725717617937282],
  [100.0, 4.600161852738088],
  [1234.5, 7.1180162318279985],
  [1000000.0, 13.81551005796419],
  [10000000000.0, 23.025850929890456],
  [1000000000000000.0, 34.538776394910684],
  [1e100, 230.25850929940458],
  [1e300, 690.7755278982137],
  [-0.1, 9.24507305005295],
  [-0.25, 2.9141391202135245],
  [-0.75, -2.894120200042932],
  [-0.9, -9.312643829299962],
  [-1.1, 10.15416395914385],
  [-1.3, 2.8825405488661677],
  [-1.9, -8.786328039826262],
  [-2.2, 5.322870221172645],
  [-3.3, 3.6203534605921264],
  [-4.1, 11.196837519520052],
  [-5.9, -7.8115170391323785],
  [-7.25, 5.189977214956288],
  [-9.8, -1.9914953310227363],
  [-12.4, 3.578242765171864],
  [-33.9, -6.130736220815141],
  [-101.3, 6.9055147931723795],
  [-99999.7, 9.230426796514086],
  [-1e-5, 99999.42276788561],
  [-1e-300, 1e300],
];

// scipy.special.gammaln (SciPy 1.17) on a grid away from the zeros of log|Γ|.
const GAMMALN_SCIPY: [number, number][] = [
  [1e-300, 690.7755278982137],
  [1e-20, 46.051701859880914],
  [1e-8, 18.42068073818021],
  [0.001, 6.907178885383853],
  [0.1, 2.252712651734206],
  [0.25, 1.2880225246980774],
  [0.5, 0.5723649429247],
  [0.75, 0.20328095143129538],
  [1.25, -0.09827183642181311],
  [1.5, -0.12078223763524526],
  [2.5, 0.2846828704729192],
  [3.0, Math.LN2],
  [3.7, 1.428072326665388],
  [5.0, 3.1780538303479458],
  [7.5, 7.534364236758734],
  [9.99, 12.779315214350195],
  [10.0, 12.801827480081469],
  [10.01, 12.824350262448247],
  [15.5, 26.536914491115613],
  [42.0, 114.03421178146169],
  [100.0, 359.1342053695754],
  [171.5, 709.1431630309283],
  [1234.5, 7550.550901077894],
  [1000000.0, 12815504.569147611],
  [10000000000.0, 220258509288.81058],
  [1000000000000000.0, 3.3538776394910668e16],
  [1e100, 2.292585092994046e102],
  [1e300, 6.897755278982137e302],
  [2.5e305, 1.7555118602376454e308],
  [-1e-300, 690.7755278982137],
  [-1e-8, 18.420680749724525],
  [-0.1, 2.368961332728789],
  [-0.25, 1.5895753125511858],
  [-0.5, 1.2655121234846454],
  [-0.75, 1.5757045971498584],
  [-0.9, 2.3580731673920328],
  [-1.1, 2.2736511529244634],
  [-1.5, 0.860047015376481],
  [-1.9, 1.7162192812196366],
  [-3.3, -0.8243558050174267],
  [-4.5, -2.813084081769316],
  [-5.9, -4.073655564936644],
  [-7.25, -7.541883443475751],
  [-9.8, -12.959854063575134],
  [-12.4, -19.809030330008028],
  [-33.9, -85.90778427576711],
  [-101.3, -368.38429259393087],
  [-99999.7, -1051294.411355191],
];

// Exact values (mpmath, 200 bits) near the zero of ψ at x0 = 1.4616..., where SciPy also expands about x0.
const DIGAMMA_NEAR_ZERO: [number, number][] = [
  [1.4616321449683622, -9.241265521729427e-17],
  [1.46, -0.0015805619870834522],
  [1.47, 0.008066489011364869],
  [1.2, -0.2890398965921884],
  [1.7, 0.2085478748734939],
  [1.3, -0.16919088886679962],
  [1.6, 0.12604745277347632],
  [1.1616321449683622, -0.3387858427827915],
  [1.7616321449683623, 0.2563227920167529],
];

// Exact values (mpmath, 200 bits) near the zeros of log Γ at 1 and 2, where relative accuracy needs care.
const GAMMALN_NEAR_ZERO: [number, number][] = [
  [0.9999999, 5.772157468444193e-8],
  [1.0000001, -5.772155829918507e-8],
  [1.999, -0.0004224618006921073],
  [2.001, 0.000423106734800117],
  [0.99, 0.005854806764709781],
  [1.01, -0.005690307946069651],
  [0.5000001, 0.5723647465737223],
  [2.4999999, 0.28468280015725766],
  [1e-17, 39.14394658089878],
  [1.5, -0.12078223763524522],
];

// Exact values at and near the negative zeros: the reflection formula cancels there, so only the
// absolute error stays small (SciPy's is larger).
const DIGAMMA_NEGATIVE_ZEROS: [number, number][] = [
  [-0.5040830082644554, 7.289763902976895e-17],
  [-1.5734984731623904, 1.5649788481838454e-16],
  [-2.6107208684441447, -1.0720275936410002e-15],
  [-0.504, 0.0007420716047053968],
  [-2.61, 0.007813600737705229],
  [-3.635293366436901, -6.354883894064686e-16],
];
const GAMMALN_NEGATIVE_ZEROS: [number, number][] = [
  [-2.4570247382208006, 5.619192358950097e-17],
  [-2.457, 3.7496305958099786e-5],
  [-2.7476826467274127, 1.733509244024501e-16],
  [-2.75, 0.004487897535955773],
  [-3.14358088834998, 1.6978655906121085e-15],
  [-3.9552942092, -1.5680276077067608e-6],
];

describe('digamma', () => {
  test('matches SciPy to 1e-14 relative on a grid', () => {
    for (const [x, want] of DIGAMMA_SCIPY) assertRel(digamma(x), want, 1e-14, `digamma(${x})`);
  });
  test('keeps full relative accuracy around its positive zero', () => {
    for (const [x, want] of DIGAMMA_NEAR_ZERO) assertRel(digamma(x), want, 4e-15, `digamma(${x})`);
  });
  test('is accurate in absolute terms at its negative zeros', () => {
    for (const [x, want] of DIGAMMA_NEGATIVE_ZEROS)
      assert.ok(Math.abs(digamma(x) - want) <= 2e-15 * Math.max(1, Math.abs(want)), `digamma(${x})`);
  });
  test("poles and infinities follow SciPy's conventions", () => {
    assert.equal(digamma(0), Number.NEGATIVE_INFINITY);
    assert.equal(digamma(-0), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(digamma(-1)));
    assert.ok(Number.isNaN(digamma(-2)));
    assert.ok(Number.isNaN(digamma(-1e20)));
    assert.equal(digamma(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(digamma(Number.NEGATIVE_INFINITY)));
    assert.ok(Number.isNaN(digamma(Number.NaN)));
    assert.equal(digamma(5e-324), Number.NEGATIVE_INFINITY);
    assert.equal(digamma(-5e-324), Number.POSITIVE_INFINITY);
  });
  test('special values: ψ(1) = -γ, ψ(1/2) = -γ - 2 log 2', () => {
    assert.equal(digamma(1), -0.5772156649015329);
    assertRel(digamma(0.5), -0.5772156649015329 - 2 * Math.LN2, 2e-16, 'digamma(0.5)');
  });
  test('satisfies ψ(x + 1) = ψ(x) + 1/x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), (x) => {
        const lhs = digamma(x + 1);
        const rhs = digamma(x) + 1 / x;
        return Math.abs(lhs - rhs) <= 1e-13 * (Math.abs(digamma(x)) + 1 / x);
      }),
    );
  });
  test('satisfies the reflection ψ(1 - x) - ψ(x) = π cot(πx)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (x) => {
        const lhs = digamma(1 - x) - digamma(x);
        const rhs = Math.PI / Math.tan(Math.PI * x);
        return Math.abs(lhs - rhs) <= 1e-13 * (Math.abs(rhs) + Math.abs(digamma(x)));
      }),
    );
  });
});

describe('gammaln', () => {
  test('matches SciPy to 1e-14 relative on a grid', () => {
    for (const [x, want] of GAMMALN_SCIPY) assertRel(gammaln(x), want, 1e-14, `gammaln(${x})`);
  });
  test('keeps full relative accuracy around its zeros at 1 and 2', () => {
    assert.equal(gammaln(1), 0);
    assert.equal(gammaln(2), 0);
    for (const [x, want] of GAMMALN_NEAR_ZERO) assertRel(gammaln(x), want, 4e-15, `gammaln(${x})`);
  });
  test('is accurate in absolute terms at its negative zeros', () => {
    for (const [x, want] of GAMMALN_NEGATIVE_ZEROS)
      assert.ok(Math.abs(gammaln(x) - want) <= 2e-15 * Math.max(1, Math.abs(want)), `gammaln(${x})`);
  });
  test('equals log((n - 1)!) at the integers', () => {
    let fact = 1;
    for (let n = 1; n <= 25; n++) {
      assertRel(gammaln(n), Math.log(fact), 4e-16, `gammaln(${n})`);
      fact *= n;
    }
  });
  test("poles and infinities follow SciPy's conventions", () => {
    for (const x of [0, -0, -1, -2, -1e20])
      assert.equal(gammaln(x), Number.POSITIVE_INFINITY, `gammaln(${x})`);
    assert.equal(gammaln(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
    assert.equal(gammaln(Number.NEGATIVE_INFINITY), Number.NEGATIVE_INFINITY);
    assert.ok(Number.isNaN(gammaln(Number.NaN)));
    assert.equal(gammaln(2.6e305), Number.POSITIVE_INFINITY);
  });
  test('stays finite and accurate for subnormal arguments (SciPy gives +inf there)', () => {
    // log Γ(x) = -log x - γ x + ... for tiny x.
    assertRel(gammaln(1e-320), -Math.log(1e-320), 1e-15, 'gammaln(1e-320)');
    assertRel(gammaln(5e-324), -Math.log(5e-324), 1e-15, 'gammaln(5e-324)');
  });
  test('satisfies log Γ(x + 1) = log Γ(x) + log x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), (x) => {
        const lhs = gammaln(x + 1);
        const rhs = gammaln(x) + Math.log(x);
        return Math.abs(lhs - rhs) <= 1e-13 * (Math.abs(gammaln(x)) + Math.abs(Math.log(x)) + 1);
      }),
    );
  });
  test('is the derivative of digamma (central difference)', () => {
    for (const x of [0.3, 1.7, 4.2, 25]) {
      const h = 1e-5;
      const d = (gammaln(x + h) - gammaln(x - h)) / (2 * h);
      assert.ok(Math.abs(d - digamma(x)) < 1e-8, `x = ${x}`);
    }
  });
});
