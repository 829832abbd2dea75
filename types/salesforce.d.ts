// Types for the Lightning base components (`lightning/*`) and `@salesforce/client|user|…`.
import '@salesforce/lightning-types';
