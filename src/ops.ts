import { dispatch } from './backend/dispatch.js';

// One dispatched function per op of the contract: the name, type and docs are the contract's.
// A new op is added to `Backend` and listed here; no backend file changes.

/** {@inheritDoc Backend.tensor} */
export const tensor = dispatch('tensor');
/** {@inheritDoc Backend.isTensor} */
export const isTensor = dispatch('isTensor');
/** {@inheritDoc Backend.context} */
export const context = dispatch('context');
/** {@inheritDoc Backend.shape} */
export const shape = dispatch('shape');
/** {@inheritDoc Backend.ndim} */
export const ndim = dispatch('ndim');
/** {@inheritDoc Backend.toArray} */
export const toArray = dispatch('toArray');
/** {@inheritDoc Backend.toTypedArray} */
export const toTypedArray = dispatch('toTypedArray');
/** {@inheritDoc Backend.item} */
export const item = dispatch('item');
/** {@inheritDoc Backend.copy} */
export const copy = dispatch('copy');
/** {@inheritDoc Backend.astype} */
export const astype = dispatch('astype');
/** {@inheritDoc Backend.toArrayAsync} */
export const toArrayAsync = dispatch('toArrayAsync');
/** {@inheritDoc Backend.itemAsync} */
export const itemAsync = dispatch('itemAsync');
/** {@inheritDoc Backend.scope} */
export const scope = dispatch('scope');
/** {@inheritDoc Backend.dispose} */
export const dispose = dispatch('dispose');
/** {@inheritDoc Backend.full} */
export const full = dispatch('full');
/** {@inheritDoc Backend.eye} */
export const eye = dispatch('eye');
/** {@inheritDoc Backend.arange} */
export const arange = dispatch('arange');
/** {@inheritDoc Backend.zeros} */
export const zeros = dispatch('zeros');
/** {@inheritDoc Backend.ones} */
export const ones = dispatch('ones');
/** {@inheritDoc Backend.zerosLike} */
export const zerosLike = dispatch('zerosLike');
/** {@inheritDoc Backend.linspace} */
export const linspace = dispatch('linspace');
/** {@inheritDoc Backend.reshape} */
export const reshape = dispatch('reshape');
/** {@inheritDoc Backend.transpose} */
export const transpose = dispatch('transpose');
/** {@inheritDoc Backend.concatenate} */
export const concatenate = dispatch('concatenate');
/** {@inheritDoc Backend.flip} */
export const flip = dispatch('flip');
/** {@inheritDoc Backend.index} */
export const index = dispatch('index');
/** {@inheritDoc Backend.indexUpdate} */
export const indexUpdate = dispatch('indexUpdate');
/** {@inheritDoc Backend.take} */
export const take = dispatch('take');
/** {@inheritDoc Backend.moveaxis} */
export const moveaxis = dispatch('moveaxis');
/** {@inheritDoc Backend.squeeze} */
export const squeeze = dispatch('squeeze');
/** {@inheritDoc Backend.expandDims} */
export const expandDims = dispatch('expandDims');
/** {@inheritDoc Backend.stack} */
export const stack = dispatch('stack');
/** {@inheritDoc Backend.add} */
export const add = dispatch('add');
/** {@inheritDoc Backend.subtract} */
export const subtract = dispatch('subtract');
/** {@inheritDoc Backend.multiply} */
export const multiply = dispatch('multiply');
/** {@inheritDoc Backend.divide} */
export const divide = dispatch('divide');
/** {@inheritDoc Backend.power} */
export const power = dispatch('power');
/** {@inheritDoc Backend.maximum} */
export const maximum = dispatch('maximum');
/** {@inheritDoc Backend.minimum} */
export const minimum = dispatch('minimum');
/** {@inheritDoc Backend.greater} */
export const greater = dispatch('greater');
/** {@inheritDoc Backend.greaterEqual} */
export const greaterEqual = dispatch('greaterEqual');
/** {@inheritDoc Backend.less} */
export const less = dispatch('less');
/** {@inheritDoc Backend.lessEqual} */
export const lessEqual = dispatch('lessEqual');
/** {@inheritDoc Backend.equal} */
export const equal = dispatch('equal');
/** {@inheritDoc Backend.where} */
export const where = dispatch('where');
/** {@inheritDoc Backend.negative} */
export const negative = dispatch('negative');
/** {@inheritDoc Backend.clip} */
export const clip = dispatch('clip');
/** {@inheritDoc Backend.abs} */
export const abs = dispatch('abs');
/** {@inheritDoc Backend.sign} */
export const sign = dispatch('sign');
/** {@inheritDoc Backend.sqrt} */
export const sqrt = dispatch('sqrt');
/** {@inheritDoc Backend.exp} */
export const exp = dispatch('exp');
/** {@inheritDoc Backend.log} */
export const log = dispatch('log');
/** {@inheritDoc Backend.log2} */
export const log2 = dispatch('log2');
/** {@inheritDoc Backend.sin} */
export const sin = dispatch('sin');
/** {@inheritDoc Backend.cos} */
export const cos = dispatch('cos');
/** {@inheritDoc Backend.tan} */
export const tan = dispatch('tan');
/** {@inheritDoc Backend.arcsin} */
export const arcsin = dispatch('arcsin');
/** {@inheritDoc Backend.arccos} */
export const arccos = dispatch('arccos');
/** {@inheritDoc Backend.arctan} */
export const arctan = dispatch('arctan');
/** {@inheritDoc Backend.sinh} */
export const sinh = dispatch('sinh');
/** {@inheritDoc Backend.cosh} */
export const cosh = dispatch('cosh');
/** {@inheritDoc Backend.tanh} */
export const tanh = dispatch('tanh');
/** {@inheritDoc Backend.arcsinh} */
export const arcsinh = dispatch('arcsinh');
/** {@inheritDoc Backend.arccosh} */
export const arccosh = dispatch('arccosh');
/** {@inheritDoc Backend.arctanh} */
export const arctanh = dispatch('arctanh');
/** {@inheritDoc Backend.digamma} */
export const digamma = dispatch('digamma');
/** {@inheritDoc Backend.isnan} */
export const isnan = dispatch('isnan');
/** {@inheritDoc Backend.isfinite} */
export const isfinite = dispatch('isfinite');
/** {@inheritDoc Backend.conj} */
export const conj = dispatch('conj');
/** {@inheritDoc Backend.asin} */
export const asin = dispatch('asin');
/** {@inheritDoc Backend.acos} */
export const acos = dispatch('acos');
/** {@inheritDoc Backend.atan} */
export const atan = dispatch('atan');
/** {@inheritDoc Backend.asinh} */
export const asinh = dispatch('asinh');
/** {@inheritDoc Backend.acosh} */
export const acosh = dispatch('acosh');
/** {@inheritDoc Backend.atanh} */
export const atanh = dispatch('atanh');
/** {@inheritDoc Backend.sum} */
export const sum = dispatch('sum');
/** {@inheritDoc Backend.prod} */
export const prod = dispatch('prod');
/** {@inheritDoc Backend.max} */
export const max = dispatch('max');
/** {@inheritDoc Backend.min} */
export const min = dispatch('min');
/** {@inheritDoc Backend.all} */
export const all = dispatch('all');
/** {@inheritDoc Backend.any} */
export const any = dispatch('any');
/** {@inheritDoc Backend.argmax} */
export const argmax = dispatch('argmax');
/** {@inheritDoc Backend.argmin} */
export const argmin = dispatch('argmin');
/** {@inheritDoc Backend.cumsum} */
export const cumsum = dispatch('cumsum');
/** {@inheritDoc Backend.sort} */
export const sort = dispatch('sort');
/** {@inheritDoc Backend.argsort} */
export const argsort = dispatch('argsort');
/** {@inheritDoc Backend.mean} */
export const mean = dispatch('mean');
/** {@inheritDoc Backend.countNonzero} */
export const countNonzero = dispatch('countNonzero');
/** {@inheritDoc Backend.trace} */
export const trace = dispatch('trace');
/** {@inheritDoc Backend.logsumexp} */
export const logsumexp = dispatch('logsumexp');
/** {@inheritDoc Backend.norm} */
export const norm = dispatch('norm');
/** {@inheritDoc Backend.matmul} */
export const matmul = dispatch('matmul');
/** {@inheritDoc Backend.diag} */
export const diag = dispatch('diag');
/** {@inheritDoc Backend.einsum} */
export const einsum = dispatch('einsum');
/** {@inheritDoc Backend.solve} */
export const solve = dispatch('solve');
/** {@inheritDoc Backend.lstsq} */
export const lstsq = dispatch('lstsq');
/** {@inheritDoc Backend.qr} */
export const qr = dispatch('qr');
/** {@inheritDoc Backend.svd} */
export const svd = dispatch('svd');
/** {@inheritDoc Backend.leftSvd} */
export const leftSvd = dispatch('leftSvd');
/** {@inheritDoc Backend.eigh} */
export const eigh = dispatch('eigh');
/** {@inheritDoc Backend.cholesky} */
export const cholesky = dispatch('cholesky');
/** {@inheritDoc Backend.inv} */
export const inv = dispatch('inv');
/** {@inheritDoc Backend.dot} */
export const dot = dispatch('dot');
/** {@inheritDoc Backend.tensordot} */
export const tensordot = dispatch('tensordot');
/** {@inheritDoc Backend.kron} */
export const kron = dispatch('kron');
/** {@inheritDoc Backend.pinv} */
export const pinv = dispatch('pinv');
/** {@inheritDoc Backend.checkRandomState} */
export const checkRandomState = dispatch('checkRandomState');
/** {@inheritDoc Backend.randn} */
export const randn = dispatch('randn');
/** {@inheritDoc Backend.gamma} */
export const gamma = dispatch('gamma');
/** {@inheritDoc Backend.eps} */
export const eps = dispatch('eps');
/** {@inheritDoc Backend.finfo} */
export const finfo = dispatch('finfo');
/** {@inheritDoc Backend.unfold} */
export const unfold = dispatch('unfold');
/** {@inheritDoc Backend.fold} */
export const fold = dispatch('fold');
